package dev.digits.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.digits.model.InputContract;
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

    private static float[] apply(Augmenter aug, Random rng) {
        float[] out = new float[784];
        aug.apply(square(), 0, rng, out, 0);
        return out;
    }
}
