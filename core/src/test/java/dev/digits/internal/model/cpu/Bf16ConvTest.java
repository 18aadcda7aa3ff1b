package dev.digits.internal.model.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.engine.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.Precision;
import dev.digits.internal.model.ResidualBlock;
import dev.digits.internal.data.Batch;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.train.Learner;
import java.util.LinkedHashMap;
import java.util.Map;

class Bf16ConvTest {

    /** Relative size of the largest difference: bf16 keeps 8 significant bits, so about 2^-8 per product. */
    static float relativeError(NDArray got, NDArray want) {
        return got.sub(want).abs().max().getFloat() / want.abs().max().getFloat();
    }

    /**
     * The same layer, weights and input, trained in bf16 and in fp32: the outputs and all gradients
     * agree to bf16's precision, gradients come back as float32, and evaluation is exactly fp32's.
     */
    @ParameterizedTest(name = "{0}x{0} kernel, stride {1}, channels-last {2}")
    @CsvSource({"3,1,false", "3,2,false", "1,2,false", "3,1,true", "3,2,true", "1,1,true"})
    void matchesFloat32ForwardAndBackwardWithinBf16Precision(int kernel, int stride, boolean channelsLast) {
        Engine.getInstance().setRandomSeed(3);
        try (Model model = Model.newInstance("bf16")) {
            NDManager m = model.getNDManager();
            Shape in = new Shape(16, 32, 14, 14);
            Conv2d fp32 = ResidualBlock.conv(64, kernel, stride, Precision.FP32);
            Conv2d bf16 = ResidualBlock.conv(64, kernel, stride, Precision.BF16);
            assertThat(bf16).isInstanceOf(Bf16Conv.class);
            fp32.initialize(m, DataType.FLOAT32, in);
            bf16.initialize(m, DataType.FLOAT32, in);
            bf16.getParameters().get("weight").getArray().set(fp32.getParameters().get("weight").getArray().toFloatArray());
            NDArray x = m.randomNormal(in);
            if (channelsLast) x = ChannelsLast.of(x);
            NDArray upstream = m.randomNormal(fp32.getOutputShapes(new Shape[] {in})[0]);

            NDArray[] want = forwardBackward(fp32, x, upstream, m);
            NDArray[] got = forwardBackward(bf16, x, upstream, m);
            assertThat(got[0].getShape()).isEqualTo(want[0].getShape());
            assertThat(got[1].getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(got[2].getDataType()).isEqualTo(DataType.FLOAT32);
            for (int i = 0; i < 3; i++) {
                assertThat(relativeError(got[i], want[i])).as("output, weight gradient, input gradient: %d", i)
                        .isLessThan(0.02f).isGreaterThan(0f); // > 0: it really computed in bf16
            }

            ParameterStore ps = new ParameterStore(m, false);
            NDArray evalBf16 = bf16.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray evalFp32 = fp32.forward(ps, new NDList(x), false).singletonOrThrow();
            assertThat(evalBf16.toFloatArray()).containsExactly(evalFp32.toFloatArray());
        }
    }

    /** Output, weight gradient and input gradient of one training-mode pass. */
    private static NDArray[] forwardBackward(Conv2d conv, NDArray input, NDArray upstream, NDManager m) {
        NDArray x = input.duplicate();
        x.setRequiresGradient(true);
        ParameterStore ps = new ParameterStore(m, false);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = conv.forward(ps, new NDList(x), true).singletonOrThrow();
            // a bf16 layer's training output is bfloat16, which DJL cannot name
            assertThat(out.getDataType()).isEqualTo(conv instanceof Bf16Conv ? DataType.UNKNOWN : DataType.FLOAT32);
            NDArray y = Bf16Conv.toFloat32(out);
            assertThat(y.getDataType()).isEqualTo(DataType.FLOAT32);
            gc.backward(y.mul(upstream).sum());
            NDArray w = conv.getParameters().get("weight").getArray();
            NDArray[] r = {y.duplicate(), w.getGradient().duplicate(), x.getGradient().duplicate()};
            w.getGradient().subi(w.getGradient()); // gradients accumulate: leave none behind
            return r;
        }
    }

    /**
     * One bf16 training step of whole networks changes every trainable parameter: gradients reach
     * every layer through the bf16 activations and the casts. (With DJL's toType in place of
     * Bf16Conv.toFloat32 no gradient passed the pooling layer, and only the classifier learned.)
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"report,16", "fast,16"})
    void aBf16TrainingStepReachesEveryParameter(String arch, int width) {
        Architecture a = Architecture.named(arch, width);
        try (Learner learner = new Learner(a, Precision.BF16, 0, 32, 5)) {
            Map<String, float[]> before = new LinkedHashMap<>();
            for (var p : learner.model().getBlock().getParameters()) {
                if (p.getValue().requiresGradient()) before.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
            Mnist train = Mnist.load(Mnist.BUNDLED, Mnist.Split.TRAIN);
            float[] images = new float[32 * 784];
            int[] labels = new int[32];
            for (int i = 0; i < 32; i++) {
                byte[] img = train.image(i);
                for (int j = 0; j < 784; j++) images[i * 784 + j] = ((img[j] & 0xff) / 255f - InputContract.MNIST.mean()) / InputContract.MNIST.std();
                labels[i] = train.label(i);
            }
            float[] result = learner.step(new Batch(images, labels), 1e-3, 0);
            assertThat(result[0]).isFinite().isPositive();
            assertThat(before).hasSizeGreaterThan(20);
            for (var p : learner.model().getBlock().getParameters()) {
                if (before.containsKey(p.getKey())) {
                    assertThat(p.getValue().getArray().toFloatArray()).as(p.getKey()).isNotEqualTo(before.get(p.getKey()));
                }
            }
        }
    }

    @Test
    void onlyBiasFreeSamePaddedConvolutionsOfStrideOneOrTwo() {
        assertThatThrownBy(() -> new Bf16Conv(ResidualBlock.convBuilder(8, 3, 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Bf16Conv(ResidualBlock.convBuilder(8, 3, 1).optBias(true)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void precisionFlagSpellings() {
        assertThat(Precision.parse("bf16")).isEqualTo(Precision.BF16);
        assertThat(Precision.parse("fp32")).isEqualTo(Precision.FP32);
        assertThat(Precision.BF16).hasToString("bf16");
        assertThatThrownBy(() -> Precision.parse("fp16")).hasMessage("--precision must be fp32 or bf16, got 'fp16'");
    }

    @Test
    void aTorchScriptModuleThatDoesNotCompileFailsWithAnExceptionNotACrash() {
        assertThatThrownBy(() -> TorchScript.load("Broken", "x: Tensor", "return torch.nope(x)"))
                .isInstanceOf(RuntimeException.class);
    }
}
