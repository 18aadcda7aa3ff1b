package dev.digits.internal.model;

import ai.djl.ndarray.types.Shape;

/**
 * The model's input contract, and how its output is read: what every network of the family takes
 * (one grey {@value #SIDE}x{@value #SIDE} channel, ink bright on a dark background, each pixel
 * {@code (x / 255 - mean) / std}) and what it gives ({@value #CLASSES} logits, read as
 * probabilities by {@link #softmax}). The mean and std a model was trained with are saved in its
 * {@code model.json} and read back from there; {@link #MNIST} holds the report's values.
 */
public record InputContract(float mean, float std) {

    /** Side of the square input, in pixels. */
    public static final int SIDE = 28;
    /** Pixels of one input image. */
    public static final int PIXELS = SIDE * SIDE;
    /** Digits 0 to 9. */
    public static final int CLASSES = 10;
    /** The report's normalisation: mean and standard deviation of MNIST's training pixels. */
    public static final InputContract MNIST = new InputContract(0.1307f, 0.3081f);

    public InputContract {
        if (!Float.isFinite(mean) || !Float.isFinite(std) || std <= 0) {
            throw new IllegalArgumentException("normalisation needs a finite mean and a positive std, got mean "
                    + mean + ", std " + std);
        }
    }

    public static InputContract of(float mean, float std) {
        return new InputContract(mean, std);
    }

    /** The shape of a batch of {@code n} inputs: (n, 1, 28, 28). */
    public static Shape shape(long n) {
        return new Shape(n, 1, SIDE, SIDE);
    }

    /** One pixel: {@code ink} in [0, 1], 1 being full ink. */
    public float normalise(float ink) {
        return (ink - mean) / std;
    }

    /** Normalises the 784 bytes (0 background, 255 ink) at {@code src} into {@code dst} at {@code at}. */
    public void normalise(byte[] images, int src, float[] dst, int at) {
        for (int p = 0; p < PIXELS; p++) {
            dst[at + p] = normalise((images[src + p] & 0xff) / 255f);
        }
    }

    /** Softmax of the {@value #CLASSES} logits at {@code offset}, computed in double precision. */
    public static float[] softmax(float[] logits, int offset) {
        return softmax(logits, offset, 1);
    }

    /**
     * Softmax of the {@value #CLASSES} logits at {@code offset} divided by {@code temperature}
     * (Guo et al., 2017, "On calibration of modern neural networks": one number fitted on held-out
     * digits makes the probabilities mean what they say; the answer is the same).
     */
    public static float[] softmax(float[] logits, int offset, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) max = Math.max(max, logits[offset + c]);
        double sum = 0;
        double[] e = new double[CLASSES];
        for (int c = 0; c < CLASSES; c++) sum += e[c] = Math.exp((logits[offset + c] - max) / temperature);
        float[] p = new float[CLASSES];
        for (int c = 0; c < CLASSES; c++) p[c] = (float) (e[c] / sum);
        return p;
    }
}
