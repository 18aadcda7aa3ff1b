package dev.digits.internal.model.cpu;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Dropout as PyTorch defines it (zero each value with probability {@code rate}, scale the rest by
 * 1/(1-rate), only in training), with a cheaper mask than libtorch's CPU kernel.
 *
 * <p>libtorch draws the mask with {@code bernoulli_(1 - rate)}, which takes two 32-bit draws of
 * its serial Mersenne Twister per value (a double-precision uniform) and was a sixth of the
 * default network's training step here. This block draws one single-precision uniform per value
 * ({@code u >= rate} keeps it), from the same seeded engine generator, so runs stay repeatable.
 * The mask is drawn in the memory order of the input (channels-last or not), so the product does
 * not mix orders.
 *
 * <p>The mask multiplies as booleans, then one scale, so a bfloat16 input (mixed-precision
 * training) stays bfloat16; in float32 the result is bit for bit that of a float mask.
 *
 * <p>Saved weights are laid out exactly as for DJL's {@code Dropout} (same encoding version, no
 * parameters), so checkpoints load either way.
 */
public final class Dropout extends AbstractBlock {

    private static final byte VERSION = 2; // DJL's Dropout's

    private final float rate;
    private final boolean channelsLast;

    /** {@code channelsLast}: whether the input arrives in NHWC order (see {@link ChannelsLast}). */
    public Dropout(float rate, boolean channelsLast) {
        super(VERSION);
        if (rate < 0 || rate >= 1) throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        this.rate = rate;
        this.channelsLast = channelsLast;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || rate == 0) return inputs;
        Shape s = x.getShape();
        NDArray uniform = channelsLast && ChannelsLast.applies(s)
                ? x.getManager().randomUniform(0f, 1f, new Shape(s.get(0), s.get(2), s.get(3), s.get(1))).transpose(0, 3, 1, 2)
                : x.getManager().randomUniform(0f, 1f, s);
        return new NDList(x.mul(uniform.gte(rate)).muli(1f / (1f - rate)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
