package dev.digits.internal.model;

import dev.digits.internal.model.cpu.Bf16Conv;
import dev.digits.internal.model.cpu.ChannelsLast;
import dev.digits.internal.model.cpu.Dropout;
import ai.djl.nn.Parameter;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * The report's MNISTResNet, for any member of its family ({@link Architecture}).
 *
 * <p>The report's constructor also builds a conv2/bn2 (32->128) that its forward never calls; it
 * is left out here, so the parameter count matches the network that actually runs.
 */
public final class MnistResNet {

    private MnistResNet() {}

    /** The network with float32 convolutions: for inference, and float32 training. */
    public static Block build(Architecture a) {
        return build(a, Precision.FP32);
    }

    /**
     * The network whose residual blocks train in {@code precision} ({@link Bf16Conv}). The stem (one
     * input channel, a small share of the work) stays float32; so does everything outside training.
     * Weights are float32 and laid out alike either way.
     */
    public static Block build(Architecture a, Precision precision) {
        boolean batchNorm = a.has(Architecture.Removed.BATCH_NORM);
        Conv2d.Builder stem = ResidualBlock.convBuilder(a.stem(), 3, a.stemStride()).optBias(!batchNorm);
        SequentialBlock net = new SequentialBlock()
                .add(ChannelsLast.suits(a.stem()) ? new ChannelsLast.InputConv(stem) : stem.build());
        if (batchNorm) net.add(BatchNorm.builder().build());
        net.add(Activation::relu);
        int in = a.stem();
        for (int s = 0; s < a.widths().length; s++) {
            for (int b = 0; b < a.blocks(); b++) {
                int stride = b == 0 ? a.strides()[s] : 1;
                net.add(new ResidualBlock(in, a.widths()[s], stride, a.dropout(), precision,
                        a.has(Architecture.Removed.SHORTCUTS), batchNorm));
                in = a.widths()[s];
            }
        }
        // Pool's own global-average-pool block (same kind and name, so saved weights are unchanged),
        // with bf16 training's features turned back to float32 for the classifier
        return net.add(LambdaBlock.singleton(x -> Bf16Conv.toFloat32(Pool.globalAvgPool2d(x)), "globalAvgPool2d"))
                .add(Linear.builder().setUnits(10).build());
    }

    /** The number of trainable parameters (running statistics of batch norm excluded, as in PyTorch). */
    public static long trainableParameters(Block block) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) n += p.getArray().size();
        }
        return n;
    }
}
