package dev.digits.internal.model.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.Precision;
import dev.digits.internal.model.ResidualBlock;

class DropoutTest {

    private static NDArray apply(Dropout d, NDArray x, boolean training) {
        return d.forward(new ParameterStore(x.getManager(), false), new NDList(x), training).singletonOrThrow();
    }

    @Test
    void zeroesAboutTheRateAndScalesTheRestAsPyTorchDoes() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (boolean channelsLast : new boolean[] {false, true}) {
                Dropout d = new Dropout(0.1f, channelsLast);
                d.initialize(m, DataType.FLOAT32, new Shape(64, 16, 14, 14));
                NDArray x = m.ones(new Shape(64, 16, 14, 14));
                NDArray y = apply(d, channelsLast ? ChannelsLast.of(x) : x, true);
                assertThat(y.getShape()).isEqualTo(x.getShape());
                long n = x.size();
                long zeros = y.eq(0f).sum().toType(DataType.INT64, false).getLong();
                long scaled = y.sub(1f / 0.9f).abs().lt(1e-6f).sum().toType(DataType.INT64, false).getLong();
                assertThat(zeros + scaled).isEqualTo(n);
                // 200,704 values: the dropped fraction lies within 0.1 +- 5 standard deviations
                assertThat(zeros / (double) n).isBetween(0.1 - 5 * Math.sqrt(0.09 / n), 0.1 + 5 * Math.sqrt(0.09 / n));
                // the expectation is kept
                assertThat(y.mean().getFloat()).isCloseTo(1f, org.assertj.core.data.Offset.offset(0.01f));
            }
        }
    }

    @Test
    void isTheIdentityOutsideTraining() {
        try (NDManager m = NDManager.newBaseManager()) {
            Dropout d = new Dropout(0.1f, false);
            NDArray x = m.randomNormal(new Shape(32, 16, 7, 7));
            d.initialize(m, DataType.FLOAT32, x.getShape());
            assertThat(apply(d, x, false).contentEquals(x)).isTrue();
        }
    }

    @Test
    void theSameSeedGivesTheSameMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            Dropout d = new Dropout(0.1f, true);
            NDArray x = m.ones(new Shape(32, 16, 7, 7));
            d.initialize(m, DataType.FLOAT32, x.getShape());
            Engine.getInstance().setRandomSeed(7);
            NDArray a = apply(d, x, true);
            Engine.getInstance().setRandomSeed(7);
            NDArray b = apply(d, x, true);
            NDArray c = apply(d, x, true);
            assertThat(a.contentEquals(b)).isTrue();
            assertThat(a.contentEquals(c)).isFalse();
        }
    }

    @Test
    void refusesRatesOutsideZeroToOne() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Dropout(1f, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1)");
    }
}
