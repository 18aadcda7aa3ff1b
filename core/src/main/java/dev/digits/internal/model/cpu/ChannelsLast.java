package dev.digits.internal.model.cpu;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Channels-last (NHWC) memory order for a batch of feature maps, keeping their NCHW shape.
 *
 * <p>In the default NCHW order libtorch reorders every activation into oneDNN's blocked layout and
 * back around every convolution, forward and backward; in NHWC order oneDNN convolves the tensors
 * as they are, which halves the oneDNN calls of a training step and made it 1.3-1.4x faster here
 * (docs/history.md, section 3). A convolution's output keeps its input's order, and batch norm,
 * ReLU, add and pooling keep it too, so one conversion carries through the network.
 *
 * <p>DJL has no memory-format call, so the order is made from shape operations: a permute to NHWC,
 * a reshape that forces a dense copy in that order, and a permute back to an NCHW view. Both
 * conversions are free (views only) when the tensor is already in the wanted order.
 *
 * <p>Which channel counts go channels-last was found by running them ({@link #suits(int...)}):
 * oneDNN 3.7.1 (in libtorch 2.7.1) crashed the JVM in the backward pass of an 8-channel NHWC
 * convolution (SIGSEGV in {@code cpu_accumulator_1d_t::accumulate}), while 24 channels gave NaN
 * losses in NCHW order and none in NHWC order.
 */
public final class ChannelsLast {

    /**
     * Below this many images the conversions cost more than they save (batch-1 inference was
     * about 20% slower channels-last), so small batches stay NCHW throughout.
     */
    static final long MIN_BATCH = 16;

    private ChannelsLast() {}

    /** Whether convolutions with these channel counts run channels-last. */
    public static boolean suits(int... channels) {
        for (int c : channels) if (!(c == 1 || c % 16 == 0 || (c % 8 == 0 && c > 8))) return false;
        return true;
    }

    /** Whether a batch of this shape is ever put channels-last: 4-d and at least {@link #MIN_BATCH} images. */
    static boolean applies(Shape s) {
        return s.dimension() == 4 && s.get(0) >= MIN_BATCH;
    }

    /** The same values in NHWC memory order (a view if they already are). */
    public static NDArray of(NDArray x) {
        Shape s = x.getShape();
        if (!applies(s)) return x;
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        if (c == 1) return x.reshape(n, h, w, 1).transpose(0, 3, 1, 2);
        return x.transpose(0, 2, 3, 1).reshape(n * h * w, c).reshape(n, h, w, c).transpose(0, 3, 1, 2);
    }

    /** The same values in the default NCHW order (a view if they already are). */
    public static NDArray undo(NDArray x) {
        Shape s = x.getShape();
        if (!applies(s)) return x;
        return x.reshape(s.get(0), s.size() / s.get(0)).reshape(s);
    }

    /**
     * A convolution that first puts its input channels-last: the network's stem. (A separate
     * conversion block would change the layout of saved weights; this does not.)
     */
    public static final class InputConv extends Conv2d {
        public InputConv(Conv2d.Builder builder) {
            super(builder);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDList converted = new NDList(of(inputs.head()));
            converted.addAll(inputs.subNDList(1));
            return super.forwardInternal(ps, converted, training, params);
        }
    }
}
