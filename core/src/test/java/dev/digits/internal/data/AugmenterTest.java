package dev.digits.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.digits.internal.model.InputContract;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmenterTest {

    static byte[] square() {
        byte[] img = new byte[784];
        for (int y = 10; y < 18; y++) for (int x = 10; x < 18; x++) img[y * 28 + x] = (byte) 255;
        return img;
    }

    static float[] denormalised(float[] out) {
        float[] px = new float[out.length];
        for (int i = 0; i < out.length; i++) px[i] = (out[i] * InputContract.MNIST.std() + InputContract.MNIST.mean()) * 255f;
        return px;
    }

    @Test
    void identityOnlyNormalises() {
        float[] out = new float[784];
        Augmenter.none(InputContract.MNIST).apply(square(), 0, new Random(1), out, 0);
        assertThat(out[0]).isCloseTo(-InputContract.MNIST.mean() / InputContract.MNIST.std(), within(1e-6f));
        assertThat(out[14 * 28 + 14]).isCloseTo((1 - InputContract.MNIST.mean()) / InputContract.MNIST.std(), within(1e-6f));
    }

    @Test
    void augmentationMovesInkButKeepsItsAmountAndStaysWithinTheBounds() {
        Augmenter aug = new Augmenter(10, 0.1f, InputContract.MNIST);
        Random rng = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            float[] px = denormalised(apply(aug, rng));
            double mass = 0, cx = 0, cy = 0;
            for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) {
                mass += px[y * 28 + x];
                cx += x * px[y * 28 + x];
                cy += y * px[y * 28 + x];
            }
            // the square is far from the border, so bilinear resampling keeps its ink
            assertThat(mass).isCloseTo(64 * 255, within(64 * 255 * 0.03));
            // its centre (13.5, 13.5) moves by at most 10% of 28 = 2.8 px in each axis
            assertThat(Math.abs(cx / mass - 13.5)).isLessThanOrEqualTo(2.81);
            assertThat(Math.abs(cy / mass - 13.5)).isLessThanOrEqualTo(2.81);
        }
    }

    @Test
    void theSameSeedGivesTheSameImages() {
        Augmenter aug = new Augmenter(10, 0.1f, InputContract.MNIST);
        assertThat(apply(aug, new Random(3))).containsExactly(apply(aug, new Random(3)));
        assertThat(apply(aug, new Random(3))).isNotEqualTo(apply(aug, new Random(4)));
    }

    static double ink(float[] out) {
        double sum = 0;
        for (float v : denormalised(out)) sum += v;
        return sum;
    }

    /** Half the ink's extent along x, from its second moment. */
    static double spreadX(float[] out) {
        float[] px = denormalised(out);
        double mass = 0, cx = 0, xx = 0;
        for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) {
            mass += px[y * 28 + x];
            cx += x * px[y * 28 + x];
            xx += x * x * px[y * 28 + x];
        }
        return Math.sqrt(xx / mass - (cx / mass) * (cx / mass));
    }

    @Test
    void scaleGrowsAndShrinksTheInk() {
        double plain = spreadX(apply(new Augmenter(0, 0, InputContract.MNIST), new Random(1)));
        double bigger = 0, smaller = 0;
        Augmenter scaled = new Augmenter(0, 0, new Distortions(0.3f, 0, 0, 4, 0), InputContract.MNIST);
        Random rng = new Random(5);
        for (int i = 0; i < 200; i++) {
            double s = spreadX(apply(scaled, rng));
            if (s > plain * 1.1) bigger++;
            if (s < plain * 0.9) smaller++;
        }
        assertThat(bigger).isGreaterThan(40);
        assertThat(smaller).isGreaterThan(40);
    }

    @Test
    void thickerStrokesAddInkAndThinnerRemoveIt() {
        byte[] img = square();
        double plain = 0, thick = 0, thin = 0;
        for (byte b : img) plain += b & 0xff;
        for (byte b : Augmenter.stroke(img, 0, true, 1)) thick += b & 0xff;
        for (byte b : Augmenter.stroke(img, 0, false, 1)) thin += b & 0xff;
        assertThat(thick).isEqualTo(81 * 255); // the 8x8 square grows to 9x9
        assertThat(thin).isEqualTo(49 * 255);  // and shrinks to 7x7
        assertThat(plain).isEqualTo(64 * 255);
        double thick2 = 0, thin2 = 0;
        for (byte b : Augmenter.stroke(img, 0, true, 2)) thick2 += b & 0xff;
        for (byte b : Augmenter.stroke(img, 0, false, 2)) thin2 += b & 0xff;
        assertThat(thick2).isEqualTo(100 * 255); // two pixels: 10x10
        assertThat(thin2).isEqualTo(36 * 255);   // and 6x6
    }

    @Test
    void elasticDistortionMovesInkLocallyReproduciblyAndKeepsMostOfIt() {
        Augmenter elastic = new Augmenter(0, 0, new Distortions(0, 0, 34, 4, 0), InputContract.MNIST);
        float[] a = apply(elastic, new Random(11));
        assertThat(a).containsExactly(apply(elastic, new Random(11)));
        assertThat(a).isNotEqualTo(apply(new Augmenter(0, 0, InputContract.MNIST), new Random(11)));
        double mean = 0;
        Random rng = new Random(12);
        for (int i = 0; i < 100; i++) mean += ink(apply(elastic, rng)) / 100;
        assertThat(mean).isCloseTo(64 * 255, within(64 * 255 * 0.15)); // on average the field moves ink, it does not make or lose it
    }

    @Test
    void aSlantLeansAnUprightBarBothWaysWithinItsLimit() {
        byte[] bar = new byte[784];
        for (int y = 4; y < 24; y++) for (int x = 13; x < 15; x++) bar[y * 28 + x] = (byte) 255;
        Augmenter slanted = new Augmenter(0, 0, new Distortions(0, 0, 0, 4, 0, 1, 0.3f), InputContract.MNIST);
        Random rng = new Random(3);
        double least = 0, most = 0;
        for (int i = 0; i < 200; i++) {
            float[] out = new float[784];
            slanted.apply(bar, 0, rng, out, 0);
            double slant = slant(denormalised(out));
            least = Math.min(least, slant);
            most = Math.max(most, slant);
        }
        // dx/dy in image rows (y down): a top leaning right is a negative dx/dy
        assertThat(least).isBetween(-0.32, -0.2);
        assertThat(most).isBetween(0.2, 0.32);
        // the largest positive slant (every draw at its top) leans the top to the right: dx/dy < 0
        Random top = new Random() {
            @Override
            public double nextDouble() {
                return 0.999;
            }
        };
        float[] out = new float[784];
        slanted.apply(bar, 0, top, out, 0);
        assertThat(slant(denormalised(out))).isBetween(-0.32, -0.25);
    }

    /** The least-squares dx/dy of an image's ink (y grows downwards). */
    private static double slant(float[] px) {
        double n = 0, sx = 0, sy = 0, sxy = 0, syy = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double w = px[y * 28 + x];
                n += w;
                sx += w * x;
                sy += w * y;
                sxy += w * x * y;
                syy += w * y * y;
            }
        }
        return (sxy / n - sx / n * sy / n) / (syy / n - sy / n * sy / n);
    }

    @Test
    void withoutDistortionsTheReportsAugmentationIsUnchanged() {
        Augmenter plain = new Augmenter(10, 0.1f, InputContract.MNIST);
        Augmenter none = new Augmenter(10, 0.1f, Distortions.NONE, InputContract.MNIST);
        assertThat(apply(plain, new Random(9))).containsExactly(apply(none, new Random(9)));
    }

    private static float[] apply(Augmenter aug, Random rng) {
        float[] out = new float[784];
        aug.apply(square(), 0, rng, out, 0);
        return out;
    }
}
