package dev.digits.internal.data;

import java.util.Random;

/**
 * Distortions beyond the report's rotation and shift, for the accuracy preset: random scale and
 * aspect ratio, elastic distortion (Simard, Steinkraus and Platt, 2003: a random displacement field
 * smoothed by a Gaussian of {@code elasticSigma} pixels and scaled by {@code elasticAlpha}), and
 * strokes made thicker or thinner, and a slant (a horizontal shear).
 *
 * @param scale          largest change of size, as a fraction (0.15: 85% to 115%)
 * @param aspect         largest change of the width-to-height ratio, as a fraction
 * @param elasticAlpha   strength of the elastic field, in pixels (Simard: 34); 0 for none
 * @param elasticSigma   smoothness of the elastic field, in pixels (Simard: 4)
 * @param strokeChance   the share of images whose strokes are thickened or thinned (half each)
 * @param strokePixels   the most pixels a stroke changes by: 1 (a 2x2 window), or 2 (a 2x2 or a
 *                       3x3 window, half each): written digits are often two pixels thicker than
 *                       MNIST's at its scale, and the shipped model misreads those 3.7 times as
 *                       often (docs/results.md)
 * @param shear          largest slant, as dx/dy (0.3: the top moved by 30% of the height either way):
 *                       written numbers lean more than MNIST's digits vary (the reading benchmark's
 *                       slants are drawn with a standard deviation of 0.15, docs/results.md)
 */
public record Distortions(float scale, float aspect, float elasticAlpha, float elasticSigma, float strokeChance,
        int strokePixels, float shear) {

    public static final Distortions NONE = new Distortions(0, 0, 0, 4, 0);

    /** Strokes changed by one pixel at most and no slant, as every recipe before {@code strokePixels} had them. */
    public Distortions(float scale, float aspect, float elasticAlpha, float elasticSigma, float strokeChance) {
        this(scale, aspect, elasticAlpha, elasticSigma, strokeChance, 1, 0);
    }

    /** Smoothed random fields made once and drawn from per image, flipped at random: 28x28 blurs per image would cost more than the training step. */
    private static final int FIELDS = 512;

    public boolean any() {
        return scale != 0 || aspect != 0 || elasticAlpha != 0 || strokeChance != 0 || shear != 0;
    }

    /** {@code FIELDS} pairs of smoothed displacement fields (dx, dy), each {@code side * side}, from a fixed seed. */
    float[][] elasticFields(int side) {
        if (elasticAlpha == 0) return new float[0][];
        Random rng = new Random(20031);
        float[] kernel = gaussian(elasticSigma);
        float[][] fields = new float[FIELDS * 2][];
        for (int f = 0; f < fields.length; f++) {
            float[] field = new float[side * side];
            for (int p = 0; p < field.length; p++) field[p] = (float) (rng.nextDouble() * 2 - 1);
            fields[f] = blur(field, side, kernel);
            for (int p = 0; p < field.length; p++) fields[f][p] *= elasticAlpha;
        }
        return fields;
    }

    private static float[] gaussian(float sigma) {
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        float sum = 0;
        for (int i = -r; i <= r; i++) sum += k[i + r] = (float) Math.exp(-i * i / (2.0 * sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        return k;
    }

    /** Separable Gaussian blur with zero outside the image, as scipy's gaussian_filter with mode='constant'. */
    private static float[] blur(float[] in, int side, float[] k) {
        int r = k.length / 2;
        float[] rows = new float[in.length];
        float[] out = new float[in.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float s = 0;
                for (int i = -r; i <= r; i++) if (x + i >= 0 && x + i < side) s += k[i + r] * in[y * side + x + i];
                rows[y * side + x] = s;
            }
        }
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float s = 0;
                for (int i = -r; i <= r; i++) if (y + i >= 0 && y + i < side) s += k[i + r] * rows[(y + i) * side + x];
                out[y * side + x] = s;
            }
        }
        return out;
    }
}
