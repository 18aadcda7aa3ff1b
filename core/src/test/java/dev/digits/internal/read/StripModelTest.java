package dev.digits.internal.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.model.ModelException;
import dev.digits.internal.model.NumberNet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the network's output: CTC's best path, and weights that do not load. */
class StripModelTest {

    static final java.nio.file.Path SHIPPED = java.nio.file.Path.of("models/default");

    /** Steps whose top symbols are {@code top} (-1 for the blank), at probability 0.5 + 0.05 t at step t. */
    static float[] steps(int... top) {
        int c = NumberNet.CLASSES;
        float[] p = new float[top.length * c];
        for (int t = 0; t < top.length; t++) {
            for (int k = 0; k < c; k++) p[t * c + k] = 0.01f;
            p[t * c + top[t] + 1] = 0.5f + 0.05f * t;
        }
        return p;
    }

    @Test
    void repeatsMergeBlanksDropAndABlankSeparatesTwoOfTheSameDigit() {
        StripModel.Sequence s = StripModel.decode(steps(-1, 7, 7, -1, 1, -1, 1, 1, -1), 0, 9);
        assertThat(s.digits()).isEqualTo("711");
        assertThat(s.symbols()).extracting(StripModel.Symbol::first).containsExactly(1, 4, 6);
        assertThat(s.symbols()).extracting(StripModel.Symbol::last).containsExactly(2, 4, 7);
        // a merged digit keeps its highest probability
        assertThat(s.symbols().get(0).probability()).isEqualTo(0.6f);
        assertThat(StripModel.decode(steps(-1, -1), 0, 2).digits()).isEmpty();
    }

    /** The shipped networks (models/default) read the benchmark's first numbers, written with test digits, each alone. */
    @Test
    void theShippedNetworkReadsNumbersWrittenWithTestDigits() throws Exception {
        java.util.List<dev.digits.internal.numbers.NumberSet.Item> items = dev.digits.internal.numbers.NumberSet.make(
                dev.digits.internal.data.Mnist.load(dev.digits.internal.data.Mnist.BUNDLED, dev.digits.internal.data.Mnist.Split.TEST), 20, 14);
        int[] right = new int[2];
        try (StripModel m = StripModel.of(new dev.digits.internal.run.RunFolder(SHIPPED))) {
            assertThat(m.networks()).isEqualTo(2);
            for (var item : items) {
                List<StripModel.Sequence> read = m.read(Strip.of(item.image()));
                assertThat(read).hasSize(2);
                for (int k = 0; k < 2; k++) if (read.get(k).digits().equals(item.label())) right[k]++;
            }
        }
        assertThat(Math.min(right[0], right[1])).isGreaterThanOrEqualTo(18); // of 20, each network alone
        byte[] longer = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(SHIPPED.resolve("number-net.params")),
                (int) java.nio.file.Files.size(SHIPPED.resolve("number-net.params")) + 1);
        // a byte after the networks is read as the start of another, which does not load
        assertThatThrownBy(() -> StripModel.of(longer)).isInstanceOf(ModelException.class)
                .hasMessageStartingWith("the number reader's weights do not load");
        byte[] one = java.util.Arrays.copyOf(longer, longer.length / 2); // the shipped file's first network alone
        try (StripModel m = StripModel.of(one)) {
            assertThat(m.networks()).isEqualTo(1);
        }
        byte[] five = new byte[one.length * 5];
        for (int k = 0; k < 5; k++) System.arraycopy(one, 0, five, k * one.length, one.length);
        assertThatThrownBy(() -> StripModel.of(five)).isInstanceOf(ModelException.class).hasMessageContaining("more than 4 networks");
        assertThat(StripModel.of(new dev.digits.internal.run.RunFolder(java.nio.file.Path.of("src/test/resources/fixture-model")))).isNull();
    }

    @Test
    void weightsThatAreNotTheNetworksAreOneLineErrors() {
        assertThatThrownBy(() -> StripModel.of(new byte[] {1, 2, 3}))
                .isInstanceOf(ModelException.class).hasMessageStartingWith("the number reader's weights do not load");
        assertThatThrownBy(() -> StripModel.load(java.nio.file.Path.of("no-such-dir", "number-net.params")))
                .isInstanceOf(ModelException.class).hasMessageContaining("cannot read the number reader's weights");
    }
}
