package dev.digits.data;

import dev.digits.model.InputContract;
import java.util.Random;

/**
 * The report's augmentation, done in Java on the byte images: a random rotation within
 * +-{@code degrees}, then a random translation within +-{@code shift} of the side, sampled in one
 * bilinear pass with zero fill, written out normalised by the model's {@link InputContract}.
 */
public final class Augmenter {

    private static final float CENTRE = (Mnist.SIDE - 1) / 2f;

    private final float degrees;
    private final float shift;
    private final InputContract input;

    /**
     * @param degrees the largest rotation (10 in the report)
     * @param shift the largest shift as a fraction of the side (0.1)
     * @param input the normalisation the output gets
     */
    public Augmenter(float degrees, float shift, InputContract input) {
        this.degrees = degrees;
        this.shift = shift;
        this.input = input;
    }

    public static Augmenter none(InputContract input) {
        return new Augmenter(0, 0, input);
    }

    public boolean isIdentity() {
        return degrees == 0 && shift == 0;
    }

    /** Writes image {@code i} of {@code images}, augmented with {@code rng}, normalised into {@code out} at {@code at}. */
    public void apply(byte[] images, int i, Random rng, float[] out, int at) {
        int src = i * Mnist.PIXELS;
        if (isIdentity()) {
            input.normalise(images, src, out, at);
            return;
        }
        double angle = Math.toRadians((rng.nextDouble() * 2 - 1) * degrees);
        float tx = (float) ((rng.nextDouble() * 2 - 1) * shift * Mnist.SIDE);
        float ty = (float) ((rng.nextDouble() * 2 - 1) * shift * Mnist.SIDE);
        float cos = (float) Math.cos(angle);
        float sin = (float) Math.sin(angle);
        for (int y = 0; y < Mnist.SIDE; y++) {
            float dy = y - CENTRE - ty;
            for (int x = 0; x < Mnist.SIDE; x++) {
                float dx = x - CENTRE - tx;
                // inverse map: rotate the output point back by -angle around the centre
                float sx = cos * dx + sin * dy + CENTRE;
                float sy = -sin * dx + cos * dy + CENTRE;
                out[at + y * Mnist.SIDE + x] = input.normalise(bilinear(images, src, sx, sy) / 255f);
            }
        }
    }

    private static float bilinear(byte[] img, int off, float x, float y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = x - x0;
        float fy = y - y0;
        float top = (1 - fx) * pixel(img, off, x0, y0) + fx * pixel(img, off, x0 + 1, y0);
        float bottom = (1 - fx) * pixel(img, off, x0, y0 + 1) + fx * pixel(img, off, x0 + 1, y0 + 1);
        return (1 - fy) * top + fy * bottom;
    }

    private static int pixel(byte[] img, int off, int x, int y) {
        return x < 0 || y < 0 || x >= Mnist.SIDE || y >= Mnist.SIDE ? 0 : img[off + y * Mnist.SIDE + x] & 0xff;
    }
}
