package dev.digits.internal.model.cpu;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A bias-free convolution whose training steps compute in bfloat16: mixed precision, as PyTorch's
 * CPU autocast does it. The weights stay float32 (the master copy AdamW updates); each training
 * step convolves bfloat16 copies of input and weights with oneDNN's AVX512-BF16 (or AMX) kernels
 * and returns a bfloat16 output. The layers that follow in a residual block take it as it is:
 * batch norm with float32 parameters and statistics (libtorch's mixed-type kernel computes in
 * float32 and writes bfloat16), ReLU, the shortcut's dropout and the sum. {@link #toFloat32} turns
 * the pooled features back to float32 before the classifier, so the logits, the loss and every
 * gradient that reaches a weight are float32.
 *
 * <p>Outside training (evaluation, inference) this is DJL's float32 convolution, so a trained
 * model answers the same whichever precision trained it, and its weights are laid out alike.
 *
 * <p>DJL cannot name bfloat16 (docs/history.md, section 6), so the casts run inside TorchScript
 * methods ({@link TorchScript}), which libtorch's autograd records like any operation. DJL's own
 * {@code toType} would not do: it runs under libtorch's no-grad guard and cuts the gradient.
 */
public final class Bf16Conv extends Conv2d {

    public Bf16Conv(Conv2d.Builder builder) {
        super(builder);
        long s = stride.get(0);
        if (s < 1 || s > 2 || includeBias || groups != 1 || padding.get(0) != kernelShape.get(0) / 2) {
            throw new IllegalArgumentException("a bf16 convolution is bias-free, stride 1 or 2, with same padding");
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (!training) return super.forwardInternal(ps, inputs, false, params);
        NDArray x = inputs.head();
        NDArray w = ps.getValue(weight, x.getDevice(), true);
        return IValueUtils.forward(Modules.CONV[(int) stride.get(0)], new NDList(x, w), true);
    }

    /** {@code x} as float32, differentiably; float32 input comes back as it is. */
    public static NDArray toFloat32(NDArray x) {
        if (x.getDataType() == DataType.FLOAT32) return x;
        return IValueUtils.forward(Modules.TO_FLOAT32, new NDList(x), true).singletonOrThrow();
    }

    /** The TorchScript modules, loaded on first use (the JVM initialises a holder class once, lazily). */
    private static final class Modules {
        /** Index: stride. bf16(x) convolved with bf16(w), "same" padding (kernel / 2); x may be float32 or bf16. */
        static final PtSymbolBlock[] CONV = {null, conv(1), conv(2)};
        static final PtSymbolBlock TO_FLOAT32 = TorchScript.load("ToFloat32", "x: Tensor", "return torch.to(x, 6)");

        private static PtSymbolBlock conv(int stride) {
            return TorchScript.load("Bf16ConvStride" + stride, "x: Tensor, w: Tensor", """
                    p = torch.floordiv(torch.size(w, 2), 2)
                    return torch.conv2d(torch.to(x, 15), torch.to(w, 15), None, [%1$d, %1$d], [p, p])
                    """.formatted(stride));
        }
    }
}
