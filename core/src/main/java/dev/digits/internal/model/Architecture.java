package dev.digits.internal.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The shape of one member of the report's ResNet family: a 3x3 stem, stages of residual blocks,
 * global average pooling and a linear classifier.
 *
 * @param name       "report" for the report's network, "fast" for the CPU preset
 * @param stem       channels of the stem convolution
 * @param stemStride stride of the stem convolution (1 in the report)
 * @param widths     channels of each stage
 * @param strides    stride of the first block of each stage
 * @param blocks     residual blocks per stage
 * @param dropout    dropout rate inside projection shortcuts (0.1 in the report)
 * @param removed    parts taken out for an ablation ({@link Removed}), or null for none: null is
 *                   not written to model.json, so the files of whole networks are as before
 */
public record Architecture(
        String name, int stem, int stemStride, int[] widths, int[] strides, int blocks, float dropout, Set<Removed> removed) {

    /** What an ablation can take out of the network; the whole network's weights are laid out as ever. */
    public enum Removed {
        /** Every shortcut, identity and projection: a plain network of the same convolutions. */
        SHORTCUTS,
        /** Every batch norm; the convolutions then get a bias, as PyTorch's default. */
        BATCH_NORM
    }

    public Architecture(String name, int stem, int stemStride, int[] widths, int[] strides, int blocks, float dropout) {
        this(name, stem, stemStride, widths, strides, blocks, dropout, null);
    }

    /** The report's dropout in projection shortcuts, which both families use. */
    public static final float STANDARD_DROPOUT = 0.1f;

    /** The most stages, blocks per stage and channels that a description may ask for. */
    public static final int MAX_STAGES = 8;
    public static final int MAX_BLOCKS = 16;
    public static final int MAX_CHANNELS = 2048;
    /** The most weights a description may ask for (the report's width 128 has about 12 million). */
    public static final long MAX_WEIGHTS = 200_000_000L;

    /**
     * Checks a description before anything is built from it (model.json is read from disk and may
     * be crafted): the strides must fit a 28x28 input, and the network must be of a size that fits
     * in memory, so a bad file is a one-line error rather than an out-of-memory error.
     */
    public Architecture {
        if (name == null || widths == null || strides == null) {
            throw new IllegalArgumentException("an architecture needs a name, widths and strides");
        }
        removed = removed == null || removed.isEmpty() ? null : Set.copyOf(EnumSet.copyOf(removed));
        if (widths.length == 0 || widths.length != strides.length) {
            throw new IllegalArgumentException("an architecture needs one stride per stage");
        }
        if (widths.length > MAX_STAGES) {
            throw new IllegalArgumentException("at most " + MAX_STAGES + " stages, got " + widths.length);
        }
        for (int w : widths) {
            if (w <= 0 || w > MAX_CHANNELS) {
                throw new IllegalArgumentException("stage widths must be 1.." + MAX_CHANNELS + ", got " + w);
            }
        }
        if (stem <= 0 || stem > MAX_CHANNELS || blocks <= 0 || blocks > MAX_BLOCKS) {
            throw new IllegalArgumentException("stem must be 1.." + MAX_CHANNELS + " and blocks 1.." + MAX_BLOCKS
                    + ", got " + stem + " and " + blocks);
        }
        // 1 or 2 each: at most nine halvings of 28x28 still leave a 1x1 map for the pooling
        for (int stride : concat(stemStride, strides)) {
            if (stride != 1 && stride != 2) throw new IllegalArgumentException("strides must be 1 or 2, got " + stride);
        }
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        if (weights(stem, widths, blocks) > MAX_WEIGHTS) {
            throw new IllegalArgumentException("about " + weights(stem, widths, blocks) + " weights, over the "
                    + MAX_WEIGHTS + " limit");
        }
    }

    /** About the number of convolution weights: 3x3 convolutions, two per block. */
    private static long weights(int stem, int[] widths, int blocks) {
        long n = 9L * stem;
        long in = stem;
        for (int w : widths) {
            n += 9L * in * w + 9L * w * w + (blocks - 1) * 18L * w * w;
            in = w;
        }
        return n;
    }

    private static int[] concat(int first, int[] rest) {
        int[] all = new int[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /**
     * The report's network: stem 1->32 at full resolution, stages of two blocks at width, 2*width and
     * 4*width channels with strides 1/2/2. {@code report(128)} is the network of the report.
     */
    public static Architecture report(int width) {
        return new Architecture("report", 32, 1, new int[] {width, 2 * width, 4 * width}, new int[] {1, 2, 2}, 2, STANDARD_DROPOUT);
    }

    /**
     * The CPU preset: the same blocks, but the resolution drops to 14x14 in the first stage and one
     * block per stage: about a fifth of {@code report(16)}'s multiply-adds per image (its first
     * stage runs at full resolution), and 2.7 times its training speed as measured (docs/history.md,
     * section 3: 2,582 against 945 images/s). Chosen by measurement.
     */
    public static Architecture fast(int width) {
        return new Architecture("fast", Math.max(8, width / 2), 1,
                new int[] {width, 2 * width, 4 * width}, new int[] {2, 2, 1}, 1, STANDARD_DROPOUT);
    }

    /**
     * The architecture named {@code name} ("report" or "fast") at the given width, a multiple of 16.
     * Other widths are refused: with channel counts that oneDNN pads to its 16-channel blocks
     * (8 or 24 channels in the default memory order, for example), libtorch 2.7.1 here gave NaN
     * losses from the first steps, at random (docs/history.md, section 3).
     */
    public static Architecture named(String name, int width) {
        if (width <= 0 || width % 16 != 0) {
            throw new IllegalArgumentException("--width must be a positive multiple of 16 (16, 32, 48, ...; the report's network is 128), got " + width
                    + (width > 0 ? ": other channel counts gave NaN losses in this engine (docs/history.md)" : ""));
        }
        return switch (name) {
            case "report" -> report(width);
            case "fast" -> fast(width);
            default -> throw new IllegalArgumentException("unknown architecture '" + name + "' (expected report or fast)");
        };
    }

    /** This network with {@code blocks} residual blocks per stage, shortcut dropout {@code dropout} and {@code removed} taken out. */
    public Architecture vary(int blocks, float dropout, Set<Removed> removed) {
        return new Architecture(name, stem, stemStride, widths, strides, blocks, dropout, removed);
    }

    /** Whether the network still has this part. */
    public boolean has(Removed part) {
        return removed == null || !removed.contains(part);
    }

    /**
     * Multiply-adds of one forward pass of one 28x28 image through the convolutions and the
     * classifier (batch norm, activations and pooling add little): the work per image, which
     * tells how long one network trains against another.
     */
    public long multiplyAdds() {
        int side = (28 - 1) / stemStride + 1; // 3x3, padding 1
        long macs = (long) side * side * 9 * stem;
        int in = stem;
        for (int s = 0; s < widths.length; s++) {
            int w = widths[s];
            for (int b = 0; b < blocks; b++) {
                int stride = b == 0 ? strides[s] : 1;
                side = (side - 1) / stride + 1;
                macs += (long) side * side * 9 * (in + w) * w; // the block's two 3x3 convolutions
                if (has(Removed.SHORTCUTS) && (stride != 1 || in != w)) macs += (long) side * side * in * w; // 1x1 projection
                in = w;
            }
        }
        return macs + 10L * in;
    }

    /** The width that {@link #named} scales: the first stage's channels. */
    public int width() {
        return widths[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Architecture a && name.equals(a.name) && stem == a.stem && stemStride == a.stemStride
                && Arrays.equals(widths, a.widths) && Arrays.equals(strides, a.strides) && blocks == a.blocks
                && dropout == a.dropout && java.util.Objects.equals(removed, a.removed);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(widths);
    }

    @Override
    public String toString() {
        // the variations only when present, so that whole networks describe themselves as before
        return name + "(stem=" + stem + ", widths=" + Arrays.toString(widths) + ", strides="
                + Arrays.toString(strides) + ", blocks=" + blocks
                + (dropout != STANDARD_DROPOUT ? ", shortcut dropout " + dropout : "")
                + (has(Removed.SHORTCUTS) ? "" : ", no shortcuts") + (has(Removed.BATCH_NORM) ? "" : ", no batch norm") + ")";
    }
}
