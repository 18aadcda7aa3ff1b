package dev.digits.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A bias-free convolution whose training steps compute in bfloat16: mixed precision, as PyTorch's
 * CPU autocast does it. Input, weights (the float32 master copy the optimiser updates) and output
 * stay float32; only the convolution itself, forward and backward, runs on bfloat16 copies, which
 * oneDNN computes with the CPU's bf16 dot-product instructions (AVX512-BF16, or AMX). Batch norm,
 * the loss and AdamW stay float32. Outside training (evaluation, inference) it is DJL's float32
 * convolution, so a trained model answers the same whichever precision trained it.
 *
 * <p>The cast-convolve-cast runs in one TorchScript method ({@link TorchScript}); libtorch's
 * autograd records it like any other operation, so gradients flow back in float32.
 */
final class Bf16Conv extends Conv2d {

    private static final PtSymbolBlock[] BY_STRIDE = new PtSymbolBlock[3];

    Bf16Conv(Conv2d.Builder builder) {
        super(builder);
        long s = stride.get(0);
        if (s < 1 || s > 2 || includeBias || groups != 1 || padding.get(0) != kernelShape.get(0) / 2) {
            throw new IllegalArgumentException("a bf16 convolution is bias-free, stride 1 or 2, with same padding");
        }
    }

    /** The module that convolves with this stride and "same" padding (kernel / 2). */
    static synchronized PtSymbolBlock module(int stride) {
        if (BY_STRIDE[stride] == null) {
            String name = "Bf16ConvStride" + stride;
            BY_STRIDE[stride] = TorchScript.load(name, """
                    class %1$s(Module):
                      __parameters__ = []
                      __buffers__ = []
                      training : bool
                      def forward(self: __torch__.%1$s, x: Tensor, w: Tensor) -> Tensor:
                        p = torch.floordiv(torch.size(w, 2), 2)
                        y = torch.conv2d(torch.to(x, 15), torch.to(w, 15), None, [%2$d, %2$d], [p, p])
                        return torch.to(y, 6)
                    """.formatted(name, stride));
        }
        return BY_STRIDE[stride];
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (!training) return super.forwardInternal(ps, inputs, false, params);
        NDArray x = inputs.head();
        NDArray w = ps.getValue(weight, x.getDevice(), true);
        return IValueUtils.forward(module((int) stride.get(0)), new NDList(x, w), true);
    }
}
