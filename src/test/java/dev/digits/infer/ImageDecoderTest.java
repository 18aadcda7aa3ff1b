package dev.digits.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.TestDigits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
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
        byte[] png = pngHeaderOnly(20000, 20000);
        assertThat(png.length).isLessThan(100);
        assertThatThrownBy(() -> ImageDecoder.read(png))
                .isInstanceOf(ImageException.class)
                .hasMessage("image is 20000 x 20000, over the 50-megapixel limit");
        Path file = Files.write(dir.resolve("huge.png"), png);
        assertThatThrownBy(() -> ImageDecoder.read(file))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("50-megapixel");

        ImageDecoder.checkSize(7071, 7071); // 49.999 megapixels: fine
        assertThatThrownBy(() -> ImageDecoder.checkSize(100_000, 100_000))
                .isInstanceOf(ImageException.class)
                .hasMessage("image is 100000 x 100000, over the 50-megapixel limit");
    }

    // ---- helpers ----

    /** A PNG with only a signature, an IHDR chunk claiming width x height, and IEND. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
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
