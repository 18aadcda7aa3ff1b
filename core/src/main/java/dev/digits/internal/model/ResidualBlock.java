package dev.digits.internal.model;

import dev.digits.internal.model.cpu.Bf16Conv;
import dev.digits.internal.model.cpu.ChannelsLast;
import dev.digits.internal.model.cpu.Dropout;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The report's residual block: conv3x3-BN-ReLU-conv3x3-BN plus a shortcut, ReLU after the sum.
 * The shortcut is the identity, or conv1x1 + BN + Dropout when the stride or the channel count
 * changes. For ablations a block can be built without its shortcut (a plain block) or without
 * batch norm (its convolutions then have a bias); the whole block is built exactly as before.
 */
public final class ResidualBlock extends AbstractBlock {

    private final Block residual;
    private final Block shortcut; // null: identity, or none
    private final boolean identity;
    private final boolean channelsLast;

    /**
     * {@code precision} applies to channels-last blocks only; a block that stays NCHW (8 input
     * channels) trains in float32: in NCHW order oneDNN pads 8 channels to its blocks, which gave
     * NaN losses at random in float32 (hence widths that are multiples of 16), and a bf16 training
     * run of fast(16), whose first block takes the 8-channel stem, ended at 9.8% once in the test
     * suite's JVM.
     */
    public ResidualBlock(int in, int out, int stride, float dropout, Precision precision) {
        this(in, out, stride, dropout, precision, true, true);
    }

    /** {@code shortcut}: false for a plain block (no skip connection at all); {@code batchNorm}: false for none. */
    public ResidualBlock(int in, int out, int stride, float dropout, Precision precision, boolean shortcut, boolean batchNorm) {
        channelsLast = ChannelsLast.suits(in, out);
        if (!channelsLast) precision = Precision.FP32;
        // residual first, then shortcut: the order of the children is the order of the saved weights
        SequentialBlock r = normed(new SequentialBlock().add(conv(out, 3, stride, precision, !batchNorm)), batchNorm)
                .add(Activation::relu);
        residual = addChildBlock("residual", normed(r.add(conv(out, 3, 1, precision, !batchNorm)), batchNorm));
        this.shortcut = shortcut && (stride != 1 || in != out)
                ? addChildBlock("shortcut", normed(new SequentialBlock()
                        .add(conv(out, 1, stride, precision, !batchNorm)), batchNorm)
                        .add(new Dropout(dropout, channelsLast)))
                : null;
        this.identity = shortcut && this.shortcut == null;
    }

    private static SequentialBlock normed(SequentialBlock b, boolean batchNorm) {
        return batchNorm ? b.add(BatchNorm.builder().build()) : b;
    }

    /** A bias-free convolution with "same" padding, as in the report, trained in {@code precision}. */
    public static Conv2d conv(int filters, int kernel, int stride, Precision precision) {
        return conv(filters, kernel, stride, precision, false);
    }

    /** With a bias (networks without batch norm) the convolution stays float32: {@link Bf16Conv} is bias-free. */
    static Conv2d conv(int filters, int kernel, int stride, Precision precision, boolean bias) {
        Conv2d.Builder b = convBuilder(filters, kernel, stride).optBias(bias);
        return precision == Precision.BF16 && !bias ? new Bf16Conv(b) : b.build();
    }

    public static Conv2d.Builder convBuilder(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        inputs = new NDList(channelsLast ? ChannelsLast.of(x) : ChannelsLast.undo(x));
        NDArray out = residual.forward(ps, inputs, training, params).singletonOrThrow();
        if (shortcut == null && !identity) return new NDList(Activation.relu(out));
        NDArray skip = shortcut == null ? inputs.singletonOrThrow()
                : shortcut.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(Activation.relu(out.add(skip)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return residual.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        residual.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }
}
