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
    void aJpegCutShortIsRefusedNotReadWithItsMissingPartGrey() throws IOException {
        byte[] jpeg = encode(TestDigits.strokeSeven(300, 300), "jpg");
        for (int keep : new int[] {jpeg.length / 3, jpeg.length * 2 / 3}) {
            byte[] cut = java.util.Arrays.copyOf(jpeg, keep);
            assertThatThrownBy(() -> ImageDecoder.read(cut)).isInstanceOf(ImageException.class)
                    .hasMessage("not a whole image: the JPEG data ends before the picture does (cut short in a copy or download?)");
            Path file = Files.write(dir.resolve("cut" + keep + ".jpg"), cut);
            assertThatThrownBy(() -> ImageDecoder.read(file)).isInstanceOf(ImageException.class)
                    .hasMessageContaining("not a whole image");
        }
        // cut just after its scan header (SOS, FF DA, and the header's length): no data at all, read all grey before
        int sos = 2;
        while (!(jpeg[sos] == (byte) 0xFF && jpeg[sos + 1] == (byte) 0xDA)) sos++;
        int dataStarts = sos + 2 + ((jpeg[sos + 2] & 0xFF) << 8 | (jpeg[sos + 3] & 0xFF));
        for (int keep = dataStarts - 2; keep <= dataStarts + 2; keep++) {
            byte[] cut = java.util.Arrays.copyOf(jpeg, keep);
            assertThatThrownBy(() -> ImageDecoder.read(cut)).as("cut at %d, data from %d", keep, dataStarts)
                    .isInstanceOf(ImageException.class).hasMessageStartingWith("not a ");
        }
        // only its end marker lost: every pixel is there, and it is read
        assertThat(ImageDecoder.read(java.util.Arrays.copyOf(jpeg, jpeg.length - 2)).getWidth()).isEqualTo(300);
    }

    @Test
    void missingFileIsReported() {
        assertThatThrownBy(() -> ImageDecoder.read(dir.resolve("nope.png")))
                .isInstanceOf(ImageException.class)
                .hasMessage(dir.resolve("nope.png") + ": no such file");
    }

    @Test
    void aPipeOrDeviceIsReadFromItsBytesWithinALimit() throws Exception {
        Path fifo = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        byte[] png = encode(TestDigits.strokeSeven(100, 100), "png");
        Thread writer = new Thread(() -> {
            try {
                Files.write(fifo, png);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        assertThat(Preprocessor.toMnist(ImageDecoder.read(fifo))).isEqualTo(Preprocessor.toMnist(ImageDecoder.read(png)));
        writer.join();
        assertThatThrownBy(() -> ImageDecoder.read(Path.of("/dev/zero"))).isInstanceOf(ImageException.class)
                .hasMessage("/dev/zero: over 128 MiB, more than a picture of 4096 x 4096 pixels needs");
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

    @Test
    void aPhotosExifOrientationTurnsItAsAViewerDoes() throws IOException {
        // stored 3 x 2: a b c / d e f; as each orientation shows it (EXIF 2.3)
        int[] stored = {1, 2, 3, 4, 5, 6};
        BufferedImage s = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 6; i++) s.setRGB(i % 3, i / 3, stored[i]);
        String[] shown = {"", "123/456", "321/654", "654/321", "456/123", "14/25/36", "41/52/63", "63/52/41", "36/25/14"};
        for (int o = 1; o <= 8; o++) {
            BufferedImage t = Orientation.upright(s, o);
            StringBuilder rows = new StringBuilder();
            for (int y = 0; y < t.getHeight(); y++) {
                if (y > 0) rows.append('/');
                for (int x = 0; x < t.getWidth(); x++) rows.append(t.getRGB(x, y) & 0xff);
            }
            assertThat(rows.toString()).as("orientation " + o).isEqualTo(shown[o]);
        }

        // a grey picture stays grey, each value moved as it is (no colour conversion, which brightens grey)
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 6; i++) grey.getRaster().setSample(i % 3, i / 3, 0, 40 * i);
        BufferedImage turned = Orientation.upright(grey, 6);
        assertThat(turned.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(turned.getRaster().getSample(1, 0, 0)).as("stored (0, 0) is seen top right").isEqualTo(0);
        assertThat(turned.getRaster().getSample(0, 0, 0)).as("stored (0, 1)").isEqualTo(120);

        // a phone's JPEG of a 7 stored on its side (the camera turned), tagged 6: read upright, as from a file or an upload
        BufferedImage upright = TestDigits.strokeSeven(200, 300);
        byte[] lying = withExifOrientation(encode(Orientation.upright(upright, 8), "jpg"), 6);
        BufferedImage read = ImageDecoder.read(lying);
        assertThat(new int[] {read.getWidth(), read.getHeight()}).containsExactly(200, 300);
        Path file = Files.write(dir.resolve("phone.jpg"), lying);
        byte[] seen = Preprocessor.toMnist(ImageDecoder.read(file));
        assertThat(PreprocessorTest.meanDifference(seen, Preprocessor.toMnist(upright))).isLessThan(6);
        assertThat(ImageDecoder.read(encode(upright, "jpg")).getWidth()).as("no tag: as stored").isEqualTo(200);
    }

    /**
     * {@code jpeg} as a camera writes it: an APP1 Exif segment after its start marker, whose one tag
     * is the orientation, in place of ImageIO's JFIF APP0 (which must come first where there is one).
     */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, // little-endian, first IFD at 8
            1, 0, // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0, // Orientation, SHORT, 1 value
            0, 0, 0, 0}; // no next IFD
        byte[] exif = new byte[6 + tiff.length];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, exif, 0, 6);
        System.arraycopy(tiff, 0, exif, 6, tiff.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2); // FF D8
        int length = exif.length + 2;
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        out.writeBytes(exif);
        int rest = 2;
        if ((jpeg[2] & 0xff) == 0xFF && (jpeg[3] & 0xff) == 0xE0) rest = 4 + ((jpeg[4] & 0xff) << 8 | (jpeg[5] & 0xff));
        out.write(jpeg, rest, jpeg.length - rest);
        return out.toByteArray();
    }
}
