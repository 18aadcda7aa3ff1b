package dev.digits.internal.eval;

import dev.digits.internal.data.Mnist;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * The shifted copies of the test set that the robustness report measures, each a named setting of
 * a {@link Shifts} transform. Deterministic: the random ones (the direction of a translation, the
 * noise) draw from a generator made from the seed and the image's index in its set, so an image
 * is shifted alike whichever other images are shifted with it.
 */
public enum Shift {
    ROTATE_MINUS_30("rotated -30 deg", (image, rng) -> Shifts.rotate(image, -30)),
    ROTATE_MINUS_15("rotated -15 deg", (image, rng) -> Shifts.rotate(image, -15)),
    ROTATE_15("rotated +15 deg", (image, rng) -> Shifts.rotate(image, 15)),
    ROTATE_30("rotated +30 deg", (image, rng) -> Shifts.rotate(image, 30)),
    /** 3 pixels in a direction drawn uniformly at random for each image. */
    TRANSLATE_3("translated 3 px", (image, rng) -> translate(image, 3, rng)),
    TRANSLATE_5("translated 5 px", (image, rng) -> translate(image, 5, rng)),
    SCALE_0_8("scaled x0.8", (image, rng) -> Shifts.scale(image, 0.8)),
    SCALE_1_2("scaled x1.2", (image, rng) -> Shifts.scale(image, 1.2)),
    STRETCH("stretched to fill 20x20", (image, rng) -> Shifts.stretch(image)),
    THICKER("thicker (2x2 dilation)", (image, rng) -> Shifts.thicken(image)),
    THINNER("thinner (2x2 erosion)", (image, rng) -> Shifts.thin(image)),
    NOISE("Gaussian noise, sigma 0.2", (image, rng) -> Shifts.noise(image, 0.2, rng)),
    INVERTED("inverted, preprocessed", (image, rng) -> Shifts.invertAndPreprocess(image));

    private final String label;
    private final BiFunction<byte[], RandomGenerator, byte[]> transform;

    Shift(String label, BiFunction<byte[], RandomGenerator, byte[]> transform) {
        this.label = label;
        this.transform = transform;
    }

    /** What the report calls it, such as "rotated +15 deg". */
    public String label() {
        return label;
    }

    /**
     * One image shifted.
     *
     * @param image 784 bytes, MNIST's form; not changed
     * @param rng the draws of the random shifts (the others ignore it)
     * @return a new image
     */
    public byte[] apply(byte[] image, RandomGenerator rng) {
        return transform.apply(image, rng);
    }

    /**
     * The images of {@code set} at {@code indices}, shifted, with their labels.
     *
     * @param set the clean images
     * @param indices which images, in this order
     * @param seed with each image's index in {@code set}, seeds that image's draws
     * @return a new set
     */
    public Mnist apply(Mnist set, int[] indices, long seed) {
        Objects.requireNonNull(set, "set");
        byte[] images = new byte[indices.length * Mnist.PIXELS];
        byte[] labels = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            byte[] shifted = apply(set.image(i), random(seed, i));
            System.arraycopy(shifted, 0, images, k * Mnist.PIXELS, Mnist.PIXELS);
            labels[k] = (byte) set.label(i);
        }
        return new Mnist(images, labels);
    }

    /** The generator of image {@code index}: the seed and the index mixed (SplitMix64's finaliser). */
    static RandomGenerator random(long seed, int index) {
        return new SplittableRandom(mix(seed ^ mix(index + 1L)));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static byte[] translate(byte[] image, double distance, RandomGenerator rng) {
        double angle = rng.nextDouble(2 * Math.PI);
        return Shifts.translate(image, distance * Math.cos(angle), distance * Math.sin(angle));
    }
}
