package dev.digits.internal.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.TestDigits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guarded decoding of files and uploads: {@link ImageDecoder}. */
class ImageDecoderTest {

    @TempDir
    Path dir;

    @Test
    void jpegAndPngFilesAreReadAndGiveSimilarResults() throws IOException {
        BufferedImage image = TestDigits.strokeSeven(300, 300);
        byte[] jpeg = encode(image, "jpg");
        byte[] png = encode(image, "png");
        Path file = dir.resolve("seven.jpg");
        Files.write(file, jpeg);

        byte[] fromJpeg = Preprocessor.toMnist(ImageDecoder.read(file));
        byte[] fromBytes = Preprocessor.toMnist(ImageDecoder.read(jpeg));
        byte[] fromPng = Preprocessor.toMnist(ImageDecoder.read(png));

        assertThat(fromBytes).isEqualTo(fromJpeg);
        assertThat(fromPng).isEqualTo(Preprocessor.toMnist(image));
        assertThat(PreprocessorTest.meanDifference(fromJpeg, fromPng)).isLessThan(6);
        assertThat(PreprocessorTest.centreOfMass(fromJpeg)[1])
                .isCloseTo(14, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void bmpAndGifAreRead() {
        BufferedImage image = TestDigits.strokeSeven(90, 90);
        assertThat(ImageDecoder.read(encode(image, "bmp")).getWidth()).isEqualTo(90);
        assertThat(ImageDecoder.read(encode(image, "gif")).getHeight()).isEqualTo(90);
    }

    @Test
    void somethingThatIsNotAnImageIsRefused() throws IOException {
        byte[] text = "hello, this is not a picture".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ImageDecoder.read(text))
                .isInstanceOf(ImageException.class)
                .hasMessage("not a readable image (PNG, JPEG, BMP or GIF)");
        assertThatThrownBy(() -> ImageDecoder.read(new byte[0]))
                .isInstanceOf(ImageException.class);
        Path file = Files.write(dir.resolve("notes.png"), text);
        assertThatThrownBy(() -> ImageDecoder.read(file))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("not a readable image");

        byte[] truncated = java.util.Arrays.copyOf(encode(TestDigits.strokeSeven(300, 300),
                "png"), 60);
        assertThatThrownBy(() -> ImageDecoder.read(truncated))
                .isInstanceOf(ImageException.class);
    }

    @Test
    void missingFileIsReported() {
        assertThatThrownBy(() -> ImageDecoder.read(dir.resolve("nope.png")))
                .isInstanceOf(ImageException.class)
                .hasMessageStartingWith("no such file");
    }

    @Test
    void hugeImageIsRefusedFromItsHeaderBeforeDecoding() throws IOException {
        byte[] png = HostileImages.pngHeaderOnly(20000, 20000);
        assertThat(png.length).isLessThan(100);
        assertThatThrownBy(() -> ImageDecoder.read(png))
                .isInstanceOf(ImageException.class)
                .hasMessage("image is 20000 x 20000, over the 4096 x 4096 pixel limit");
        Path file = Files.write(dir.resolve("huge.png"), png);
        assertThatThrownBy(() -> ImageDecoder.read(file))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("4096 x 4096 pixel limit");

        ImageDecoder.checkSize(4096, 4096); // the limit itself: fine
        ImageDecoder.checkSize(16384, 1024); // as many pixels, another shape: fine
        assertThatThrownBy(() -> ImageDecoder.checkSize(4097, 4096))
                .isInstanceOf(ImageException.class)
                .hasMessage("image is 4097 x 4096, over the 4096 x 4096 pixel limit");
    }

    @Test
    void everyFormatsHeaderIsCheckedWhateverTheFileIsCalled() throws IOException {
        // the attack: 7071 x 7071 at 16-bit RGBA, under the old 50-megapixel limit
        for (byte[] crafted : new byte[][] {HostileImages.pngHeaderOnly(7071, 7071),
                HostileImages.gifHeader(65535, 65535), HostileImages.bmpHeader(30000, 30000),
                HostileImages.jpegClaiming(30000, 30000)}) {
            assertThatThrownBy(() -> ImageDecoder.read(crafted)).as(new String(crafted, 0, 4, StandardCharsets.ISO_8859_1))
                    .isInstanceOf(ImageException.class)
                    .hasMessageEndingWith("over the 4096 x 4096 pixel limit")
                    .extracting(e -> ((ImageException) e).reason()).isEqualTo(ImageException.Reason.TOO_LARGE);
            // the format comes from the bytes: a GIF called .png gets the GIF's checks
            Path file = Files.write(dir.resolve("crafted.png"), crafted);
            assertThatThrownBy(() -> ImageDecoder.read(file)).hasMessageEndingWith("pixel limit");
        }
    }

    @Test
    void largeImagesAreDecodedSubsampledToAtMostFourMegapixels() {
        assertThat(ImageDecoder.step(2048, 2048)).isEqualTo(1);
        assertThat(ImageDecoder.step(2049, 2048)).isEqualTo(2);
        assertThat(ImageDecoder.step(4096, 4096)).isEqualTo(2);
        assertThat(ImageDecoder.step(16384, 1024)).isEqualTo(2);
        assertThat(ImageDecoder.step(16385, 1024)).isEqualTo(3);

        BufferedImage large = TestDigits.strokeSeven(2400, 2400);
        byte[] png = encode(large, "png");
        BufferedImage decoded = ImageDecoder.read(png);
        assertThat(decoded.getWidth()).isEqualTo(1200);
        assertThat(decoded.getHeight()).isEqualTo(1200);
        // the digit a model sees is nearly the same as from every pixel
        assertThat(PreprocessorTest.meanDifference(Preprocessor.toMnist(decoded), Preprocessor.toMnist(large)))
                .isLessThan(3);
        assertThat(ImageDecoder.read(png, Preprocessor::toMnist)).isEqualTo(Preprocessor.toMnist(decoded));
    }

    @Test
    void aRealDecompressionBombDecodesWithinTheBudgetAndIsBlank() {
        byte[] bomb = HostileImages.pngBomb(4096);
        assertThat(bomb.length).isLessThan(64 * 1024);
        assertThatThrownBy(() -> ImageDecoder.read(bomb, Preprocessor::toMnist))
                .isInstanceOf(ImageException.class)
                .hasMessage("no ink found: the image is blank");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(ImageIO.write(image, format, out)).isTrue();
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
