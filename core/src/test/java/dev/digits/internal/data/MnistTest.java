package dev.digits.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {

    @TempDir
    Path dir;

    @Test
    void loadsTheBundledDataWithTheRightCountsAndChecksums() {
        Mnist train = Mnist.load(Mnist.BUNDLED, Mnist.Split.TRAIN);
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        int[] counts = new int[10];
        for (byte b : test.labels()) counts[b]++;
        assertThat(counts).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFileTest.idx(8, new int[] {3, 28, 28}, new byte[3 * 784]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFileTest.idx(8, new int[] {2}, new byte[2]));
        assertThatThrownBy(() -> Mnist.load(dir, Mnist.Split.TEST)).isInstanceOf(DataException.class)
                .hasMessage("t10k: 3 images but 2 labels");
    }

    @Test
    void labelsMustBeDigits() throws IOException {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFileTest.idx(8, new int[] {2, 28, 28}, new byte[2 * 784]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFileTest.idx(8, new int[] {2}, new byte[] {1, 12}));
        assertThatThrownBy(() -> Mnist.load(dir, Mnist.Split.TEST)).hasMessageContaining("label 12 at index 1");
    }

    @Test
    void imagesMustBe28By28() throws IOException {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFileTest.idx(8, new int[] {1, 32, 32}, new byte[1024]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFileTest.idx(8, new int[] {1}, new byte[1]));
        assertThatThrownBy(() -> Mnist.load(dir, Mnist.Split.TEST)).hasMessageContaining("32x32, expected 28x28");
    }

    @Test
    void missingDirectoryAndFilesAreNamed() {
        assertThatThrownBy(() -> Mnist.load(dir.resolve("none"), Mnist.Split.TEST)).hasMessageContaining("no such data directory");
        assertThatThrownBy(() -> Mnist.load(dir, Mnist.Split.TEST)).hasMessageContaining("t10k-images-idx3-ubyte.gz: no such file");
    }
}
