package dev.digits.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UspsTest {

    @TempDir
    Path dir;

    @Test
    void loadsTheBundledSplitsWithTheReadmesClassCounts() {
        Usps test = Usps.load(Usps.BUNDLED, Mnist.Split.TEST);
        assertThat(test.size()).isEqualTo(2_007);
        assertThat(counts(test)).containsExactly(359, 264, 198, 166, 200, 160, 170, 147, 166, 177);
        Usps train = Usps.load(Usps.BUNDLED, Mnist.Split.TRAIN);
        assertThat(train.size()).isEqualTo(7_291);
        assertThat(counts(train)).containsExactly(1194, 1005, 731, 658, 652, 556, 664, 645, 542, 644);
    }

    @Test
    void aDigitIsDarkInkOnLightPaperAsAScanIs() {
        Usps test = Usps.load(Usps.BUNDLED, Mnist.Split.TEST);
        BufferedImage image = test.image(0);
        assertThat(image.getWidth()).isEqualTo(16);
        assertThat(image.getHeight()).isEqualTo(16);
        int[] grey = image.getRaster().getSamples(0, 0, 16, 16, 0, (int[]) null);
        // the first test line starts with five -1 (paper) values and has 1 (full ink) in row 1
        assertThat(grey[0]).isEqualTo(255);
        assertThat(Arrays.stream(grey).min().getAsInt()).isZero();
        assertThat(Arrays.stream(grey).filter(g -> g > 200).count()).as("mostly paper").isGreaterThan(128);
    }

    @Test
    void aChangedFileIsRefusedInOneLineNamingIt() throws IOException {
        copyBundled();
        Path file = dir.resolve("zip.test.gz");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> Usps.load(dir, Mnist.Split.TEST))
                .isInstanceOf(DataException.class)
                .hasMessage("zip.test.gz: corrupt or changed: its SHA-256 differs from the one in " + dir.resolve("SHA256SUMS"));
        // the untouched split still loads from the same folder
        assertThat(Usps.load(dir, Mnist.Split.TRAIN).size()).isEqualTo(7_291);
    }

    @Test
    void aFileWithoutAListedHashIsRefused() throws IOException {
        copyBundled();
        Files.writeString(dir.resolve("SHA256SUMS"), Files.readString(dir.resolve("SHA256SUMS")).replace("zip.test.gz", "other.gz"));
        assertThatThrownBy(() -> Usps.load(dir, Mnist.Split.TEST)).hasMessage("zip.test.gz: no SHA-256 listed for it in " + dir.resolve("SHA256SUMS"));
        Files.delete(dir.resolve("SHA256SUMS"));
        assertThatThrownBy(() -> Usps.load(dir, Mnist.Split.TEST)).hasMessageStartingWith(dir.resolve("SHA256SUMS") + ": no such file");
        assertThatThrownBy(() -> Usps.load(dir.resolve("nope"), Mnist.Split.TEST)).hasMessage(dir.resolve("nope") + ": no such data directory");
    }

    @Test
    void aMalformedLineIsOneLineWithItsNumber() throws IOException {
        String good = line("3", "-1");
        assertRefused(good + good + "3 -1 -1\n" + good, "zip.test.gz: line 3: 3 values, expected 257 (the label, then 16x16 grey values)");
        assertRefused(good + line("3", "-1").replace("\n", " 0.5\n"), "zip.test.gz: line 2: 258 values, expected 257 (the label, then 16x16 grey values)");
        assertRefused(good + "\n" + good, "zip.test.gz: line 2: 0 values, expected 257 (the label, then 16x16 grey values)");
        assertRefused(line("10.0000", "-1"), "zip.test.gz: line 1: label 10.0000 is not a digit 0-9");
        assertRefused(good + line("-1", "-1"), "zip.test.gz: line 2: label -1 is not a digit 0-9");
        assertRefused(line("3.5", "-1"), "zip.test.gz: line 1: label 3.5 is not a digit 0-9");
        assertRefused(line("3", "1.5"), "zip.test.gz: line 1: grey value 1.5 is outside [-1, 1]");
        assertRefused(line("3", "NaN"), "zip.test.gz: line 1: grey value NaN is outside [-1, 1]");
        assertRefused(line("x", "-1"), "zip.test.gz: line 1: 'x' is not a number");
        assertRefused(good + "1 " + "-1.000 ".repeat(2000), "zip.test.gz: line 2: longer than 8192 bytes");
    }

    @Test
    void wellFormedTextLoadsWithOrWithoutAFinalNewline() throws IOException {
        String seven = line("7.0000", "-1").replace("\n", " \n"); // the training file's trailing space
        write(seven + line("0", "1").strip());
        Usps usps = Usps.load(dir, Mnist.Split.TEST);
        assertThat(usps.labels()).containsExactly(7, 0);
        assertThat(usps.images()[0]).isZero();
        assertThat(usps.images()[256] & 0xff).isEqualTo(255);
    }

    private void assertRefused(String text, String message) throws IOException {
        write(text);
        assertThatThrownBy(() -> Usps.load(dir, Mnist.Split.TEST)).isInstanceOf(DataException.class).hasMessage(message);
    }

    /** A label and 256 copies of {@code value}. */
    private static String line(String label, String value) {
        return label + (" " + value).repeat(Usps.PIXELS) + "\n";
    }

    /** zip.test.gz with {@code text}, and a SHA256SUMS that lists it, so only the text is at fault. */
    private void write(String text) throws IOException {
        Path file = dir.resolve("zip.test.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        Files.writeString(dir.resolve("SHA256SUMS"), Sha256Sums.of(file, "zip.test.gz") + "  zip.test.gz\n");
    }

    private void copyBundled() throws IOException {
        for (String f : new String[] {"zip.train.gz", "zip.test.gz", "SHA256SUMS"}) {
            Files.copy(Usps.BUNDLED.resolve(f), dir.resolve(f));
        }
    }

    private static int[] counts(Usps set) {
        int[] counts = new int[10];
        for (byte b : set.labels()) counts[b]++;
        return counts;
    }
}
