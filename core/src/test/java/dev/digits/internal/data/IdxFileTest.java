package dev.digits.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

    @TempDir
    Path dir;

    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(type);
        out.write(dims.length);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    static void gzip(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes);
        }
    }

    @Test
    void readsRawAndGzipFiles() throws IOException {
        byte[] labels = {3, 1, 4, 1, 5};
        Files.write(dir.resolve("labels"), idx(8, new int[] {5}, labels));
        gzip(dir.resolve("labels.gz"), idx(8, new int[] {5}, labels));
        assertThat(IdxFile.read(dir.resolve("labels"), 1).data()).containsExactly(labels);
        assertThat(IdxFile.read(dir.resolve("labels.gz"), 1).dims()).containsExactly(5);
    }

    @Test
    void rejectsBadMagicWrongTypeAndWrongDimensions() throws IOException {
        Path f = dir.resolve("f");
        Files.write(f, new byte[] {1, 0, 8, 1, 0, 0, 0, 1, 7});
        assertThatThrownBy(() -> IdxFile.read(f, 1)).isInstanceOf(DataException.class).hasMessageContaining("magic");
        Files.write(f, idx(0x0d, new int[] {1}, new byte[4]));
        assertThatThrownBy(() -> IdxFile.read(f, 1)).hasMessageContaining("not unsigned byte");
        Files.write(f, idx(8, new int[] {1, 1, 1}, new byte[1]));
        assertThatThrownBy(() -> IdxFile.read(f, 1)).hasMessageContaining("3 dimensions, expected 1");
    }

    @Test
    void rejectsTruncatedAndOverlongFiles() throws IOException {
        Path f = dir.resolve("f");
        Files.write(f, idx(8, new int[] {10}, new byte[9]));
        assertThatThrownBy(() -> IdxFile.read(f, 1)).hasMessageContaining("truncated: 9 data bytes, header says 10");
        Files.write(f, idx(8, new int[] {10}, new byte[11]));
        assertThatThrownBy(() -> IdxFile.read(f, 1)).hasMessageContaining("too long");
        Files.write(f, new byte[] {0, 0});
        assertThatThrownBy(() -> IdxFile.read(f, 1)).hasMessageContaining("no IDX header");
    }

    @Test
    void rejectsACutGzipStream() throws IOException {
        Path whole = dir.resolve("whole.gz");
        gzip(whole, idx(8, new int[] {1000}, new byte[1000]));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> IdxFile.read(cut, 1)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("cut.gz: ");
    }

    /** The published SHA-256 of MNIST's decompressed test labels. */
    private static final String MNIST_TEST_LABELS = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2";

    @Test
    void checksTheShaListedInTheFoldersSha256sums() throws IOException {
        byte[] content = idx(8, new int[] {10_000}, new byte[10_000]);
        Path f = dir.resolve("t10k-labels-idx1-ubyte");
        Files.write(f, content);
        // MNIST's name and size with other content (Fashion-MNIST's case): no SHA256SUMS, so it loads
        assertThat(IdxFile.read(f, 1).dims()).containsExactly(10_000);

        Files.writeString(dir.resolve("SHA256SUMS"), MNIST_TEST_LABELS + "  t10k-labels-idx1-ubyte\n");
        assertThatThrownBy(() -> IdxFile.read(f, 1)).isInstanceOf(DataException.class).hasMessage(
                "t10k-labels-idx1-ubyte: corrupt or changed: its SHA-256 differs from the one in " + dir.resolve("SHA256SUMS"));

        Files.writeString(dir.resolve("SHA256SUMS"), Sha256Sums.of(content) + "  t10k-labels-idx1-ubyte\n");
        Path g = dir.resolve("t10k-labels-idx1-ubyte.gz");
        gzip(g, content);
        assertThat(IdxFile.read(g, 1).dims()).containsExactly(10_000); // the decompressed bytes are what is hashed

        // as sha256sum *.gz writes it: the gzip file's own hash
        Files.writeString(dir.resolve("SHA256SUMS"), Sha256Sums.of(g, "g") + "  t10k-labels-idx1-ubyte.gz\n");
        assertThat(IdxFile.read(g, 1).dims()).containsExactly(10_000);
        Files.writeString(dir.resolve("SHA256SUMS"), MNIST_TEST_LABELS + "  t10k-labels-idx1-ubyte.gz\n");
        assertThatThrownBy(() -> IdxFile.read(g, 1)).hasMessageStartingWith("t10k-labels-idx1-ubyte.gz: corrupt or changed");

        // a file the list does not name loads unchecked
        Files.writeString(dir.resolve("SHA256SUMS"), MNIST_TEST_LABELS + "  something-else\n");
        assertThat(IdxFile.read(f, 1).dims()).containsExactly(10_000);
    }

    @Test
    void theBundledSha256sumsHoldsThePublishedValues() throws IOException {
        Path sums = Bundled.locate(Mnist.BUNDLED).resolve("SHA256SUMS");
        assertThat(Files.readString(sums)).contains(MNIST_TEST_LABELS + "  t10k-labels-idx1-ubyte")
                .contains("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte")
                .contains("65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte")
                .contains("0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte");
    }

    @Test
    void aHeaderWhoseDimensionsOverflowIsRefusedBeforeAnyAllocation() throws IOException {
        // 2^31-1 cubed overflows a long product; each step is checked against the 1 GiB limit
        byte[] header = java.nio.ByteBuffer.allocate(16).put(new byte[] {0, 0, 8, 3})
                .putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE).putInt(Integer.MAX_VALUE).array();
        Path f = Files.write(dir.resolve("overflow-idx3-ubyte"), header);
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(DataException.class)
                .hasMessage("overflow-idx3-ubyte: header declares 2147483647 x 2147483647 x 2147483647 bytes, over the 1 GiB limit");
        // under the limit but far more than the file holds: refused from the file's length
        byte[] big = java.nio.ByteBuffer.allocate(16).put(new byte[] {0, 0, 8, 3})
                .putInt(1000).putInt(1000).putInt(1000).array();
        Path g = Files.write(dir.resolve("big-idx3-ubyte"), big);
        assertThatThrownBy(() -> IdxFile.read(g, 3)).hasMessage("big-idx3-ubyte: truncated: 0 data bytes, header says 1000000000");
    }

    @Test
    void aGzipBombIsRefusedFromItsHeaderAndLength() throws IOException {
        // a few hundred bytes that claim a gigabyte: deflate cannot expand them that far
        byte[] header = java.nio.ByteBuffer.allocate(16).put(new byte[] {0, 0, 8, 3})
                .putInt(1_000_000).putInt(32).putInt(32).array();
        Path f = dir.resolve("bomb-idx3-ubyte.gz");
        gzip(f, header);
        assertThatThrownBy(() -> IdxFile.read(f, 3)).isInstanceOf(DataException.class)
                .hasMessageStartingWith("bomb-idx3-ubyte.gz: header says 1024000000 data bytes, more than");
        // a real bomb (all its data there, 64 MiB of zeros in about 64 KiB) is read as it arrives
        // and refused when it runs past what its header declares
        byte[] small = java.nio.ByteBuffer.allocate(16).put(new byte[] {0, 0, 8, 3})
                .putInt(10).putInt(28).putInt(28).array();
        Path g = dir.resolve("long-idx3-ubyte.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(g))) {
            out.write(small);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) out.write(zeros);
        }
        assertThatThrownBy(() -> IdxFile.read(g, 3)).hasMessageContaining("too long");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> IdxFile.read(dir.resolve("nope.gz"), 1)).hasMessageContaining("nope.gz: no such file");
    }
}
