package dev.digits.internal.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.model.ModelException;
import dev.digits.internal.model.NumberNet;
import org.junit.jupiter.api.Test;

/** Reading the network's output: CTC's best path, and weights that do not load. */
class StripModelTest {

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

    @Test
    void weightsThatAreNotTheNetworksAreOneLineErrors() {
        assertThatThrownBy(() -> StripModel.of(new byte[] {1, 2, 3}))
                .isInstanceOf(ModelException.class).hasMessageStartingWith("the number reader's weights do not load");
        assertThatThrownBy(() -> StripModel.load(java.nio.file.Path.of("no-such-dir", "number-net.params")))
                .isInstanceOf(ModelException.class).hasMessageContaining("cannot read the number reader's weights");
    }
}
