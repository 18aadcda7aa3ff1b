package dev.digits.internal.data;

import dev.digits.internal.model.InputContract;
import java.util.Random;

/**
 * The report's augmentation, done in Java on the byte images: a random rotation within
 * +-{@code degrees}, then a random translation within +-{@code shift} of the side, sampled in one
 * bilinear pass with zero fill, written out normalised by the model's {@link InputContract}.
 * {@link Distortions} add scale, aspect ratio, an elastic field, stroke width and a slant to the same pass.
 */
public final class Augmenter {

    private static final float CENTRE = (Mnist.SIDE - 1) / 2f;

    private final float degrees;
    private final float shift;
    private final InputContract input;
    private final Distortions distortions;
    private final float[][] fields;

    /**
     * @param degrees the largest rotation (10 in the report)
     * @param shift the largest shift as a fraction of the side (0.1)
     * @param input the normalisation the output gets
     */
    public Augmenter(float degrees, float shift, InputContract input) {
        this(degrees, shift, Distortions.NONE, input);
    }

    public Augmenter(float degrees, float shift, Distortions distortions, InputContract input) {
        this.degrees = degrees;
        this.shift = shift;
        this.input = input;
        this.distortions = distortions;
        this.fields = distortions.elasticFields(Mnist.SIDE);
    }

    public static Augmenter none(InputContract input) {
        return new Augmenter(0, 0, input);
    }

    public boolean isIdentity() {
        return degrees == 0 && shift == 0 && !distortions.any();
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
        if (distortions.any()) {
            distorted(images, src, rng, angle, tx, ty, out, at);
            return;
        }
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

    /** The same inverse mapping with the distortions: source = C + S^-1 R^-1 K^-1 (output + elastic - C - T), K the slant. */
    private void distorted(byte[] images, int src, Random rng, double angle, float tx, float ty, float[] out, int at) {
        double size = 1 + (rng.nextDouble() * 2 - 1) * distortions.scale();
        double ratio = 1 + (rng.nextDouble() * 2 - 1) * distortions.aspect();
        float inverseX = (float) (1 / (size * ratio));
        float inverseY = (float) (ratio / size);
        float[] fx = null;
        float[] fy = null;
        float signX = 1;
        float signY = 1;
        if (fields.length > 0) {
            int f = rng.nextInt(fields.length / 2);
            fx = fields[2 * f];
            fy = fields[2 * f + 1];
            signX = rng.nextBoolean() ? 1 : -1;
            signY = rng.nextBoolean() ? 1 : -1;
        }
        byte[] source = images;
        int offset = src;
        if (distortions.strokeChance() > 0 && rng.nextDouble() < distortions.strokeChance()) {
            boolean thicker = rng.nextBoolean();
            // one more draw only when two pixels are allowed, so that older recipes draw the same numbers
            int pixels = distortions.strokePixels() == 1 ? 1 : 1 + rng.nextInt(distortions.strokePixels());
            source = stroke(images, src, thicker, pixels);
            offset = 0;
        }
        // drawn last and only when asked for, so that older recipes draw the same numbers
        float slant = distortions.shear() == 0 ? 0 : (float) ((rng.nextDouble() * 2 - 1) * distortions.shear());
        float cos = (float) Math.cos(angle);
        float sin = (float) Math.sin(angle);
        for (int y = 0; y < Mnist.SIDE; y++) {
            for (int x = 0; x < Mnist.SIDE; x++) {
                int p = y * Mnist.SIDE + x;
                float dy = y - CENTRE - ty + (fy == null ? 0 : signY * fy[p]);
                // a positive slant leans the top to the right (y grows downwards)
                float dx = x - CENTRE - tx + (fx == null ? 0 : signX * fx[p]) + slant * dy;
                float sx = (cos * dx + sin * dy) * inverseX + CENTRE;
                float sy = (-sin * dx + cos * dy) * inverseY + CENTRE;
                out[at + p] = input.normalise(bilinear(source, offset, sx, sy) / 255f);
            }
        }
    }

    /**
     * The image with every stroke {@code pixels} wider (the brightest of each 2x2 window, or 3x3 for
     * two pixels) or narrower (the darkest).
     */
    static byte[] stroke(byte[] images, int src, boolean thicker, int pixels) {
        byte[] out = new byte[Mnist.PIXELS];
        int[][] window = pixels == 1 ? WINDOW : WINDOW_3X3;
        for (int y = 0; y < Mnist.SIDE; y++) {
            for (int x = 0; x < Mnist.SIDE; x++) {
                int v = pixel(images, src, x, y);
                for (int[] d : window) {
                    int w = pixel(images, src, x + d[0], y + d[1]);
                    v = thicker ? Math.max(v, w) : Math.min(v, w);
                }
                out[y * Mnist.SIDE + x] = (byte) v;
            }
        }
        return out;
    }

    private static final int[][] WINDOW = {{-1, 0}, {0, -1}, {-1, -1}};
    private static final int[][] WINDOW_3X3 = {{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}};

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
