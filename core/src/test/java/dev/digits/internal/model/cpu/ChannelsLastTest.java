package dev.digits.internal.model.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.MnistResNet;
import dev.digits.internal.model.Precision;
import dev.digits.internal.model.ResidualBlock;

class ChannelsLastTest {

    @Test
    void conversionsKeepShapeAndValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (long c : new long[] {1, 16, 32}) {
                NDArray x = m.randomNormal(new Shape(ChannelsLast.MIN_BATCH + 1, c, 5, 7));
                NDArray nhwc = ChannelsLast.of(x);
                assertThat(nhwc.getShape()).isEqualTo(x.getShape());
                assertThat(nhwc.contentEquals(x)).isTrue();
                NDArray back = ChannelsLast.undo(nhwc);
                assertThat(back.getShape()).isEqualTo(x.getShape());
                assertThat(back.contentEquals(x)).isTrue();
                // the element order seen through a permute is the NHWC one either way
                assertThat(nhwc.transpose(0, 2, 3, 1).flatten().contentEquals(x.transpose(0, 2, 3, 1).flatten())).isTrue();
            }
        }
    }

    @Test
    void smallBatchesAreLeftAsTheyAre() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(ChannelsLast.MIN_BATCH - 1, 16, 5, 7));
            assertThat(ChannelsLast.of(x)).isSameAs(x);
            assertThat(ChannelsLast.undo(x)).isSameAs(x);
        }
    }

    @Test
    void onlyMultiplesOfSixteenChannelsGoChannelsLast() {
        assertThat(ChannelsLast.suits(1, 32)).isTrue();
        assertThat(ChannelsLast.suits(16, 32, 64)).isTrue();
        assertThat(ChannelsLast.suits(24, 48)).isTrue();
        assertThat(ChannelsLast.suits(8, 16)).isFalse();
        assertThat(ChannelsLast.suits(32, 12)).isFalse();
    }

    @Test
    void aConvolutionGivesTheSameResultInEitherOrder() {
        try (Model model = Model.newInstance("conv")) {
            NDManager m = model.getNDManager();
            Conv2d conv = ResidualBlock.conv(32, 3, 1, Precision.FP32);
            conv.initialize(m, DataType.FLOAT32, new Shape(16, 16, 14, 14));
            NDArray x = m.randomNormal(new Shape(16, 16, 14, 14));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray plain = conv.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray nhwc = conv.forward(ps, new NDList(ChannelsLast.of(x)), false).singletonOrThrow();
            assertThat(nhwc.getShape()).isEqualTo(plain.getShape());
            assertThat(nhwc.sub(plain).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }

    /**
     * Training steps, forward and backward, for members with 8-, 16-, 24- and 32-multiple channel
     * counts. An 8-channel NHWC backward pass crashed the JVM inside oneDNN (a crash here kills the
     * test run), and 8, 12 or 24 channels in NCHW order gave NaN losses at random, hence two rounds.
     * Each in float32 and in bf16 (mixed precision).
     */
    @Test
    void membersOfEveryWidthTrainInEitherOrder() {
        // seeded inputs: once in a few hundred runs, unseeded, one weight of report(16) in bf16 summed no gradient
        ai.djl.engine.Engine.getInstance().setRandomSeed(7);
        Architecture[] members = {Architecture.report(16), Architecture.report(32), Architecture.fast(16), Architecture.fast(48)};
        for (int round = 0; round < 2; round++) for (Precision precision : Precision.values()) for (Architecture a : members) {
            try (Model model = Model.newInstance("step")) {
                model.setBlock(MnistResNet.build(a, precision));
                try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                    trainer.initialize(new Shape(16, 1, 28, 28));
                    NDManager m = trainer.getManager();
                    for (int step = 0; step < 2; step++) {
                        NDArray x = m.randomNormal(new Shape(16, 1, 28, 28));
                        NDArray y = m.randomInteger(0, 10, new Shape(16), DataType.INT32);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                            NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                            gc.backward(loss);
                            assertThat(loss.getFloat()).as(a.name() + a.width() + " " + precision).isFinite();
                            Block block = model.getBlock();
                            assertThat(block.getParameters().stream()
                                    .filter(p -> p.getValue().getType() == ai.djl.nn.Parameter.Type.WEIGHT)
                                    .filter(p -> !(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0))
                                    .map(ai.djl.util.Pair::getKey).toList())
                                    .as("weights without a gradient: " + a.name() + a.width() + " " + precision).isEmpty();
                        }
                        trainer.step();
                    }
                }
            }
        }
    }
}
