package dev.digits.internal.data;

import dev.digits.internal.model.InputContract;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A set of 28x28 grey digits with labels, as unsigned bytes (0 background, 255 ink).
 *
 * @param images {@code size * 784} bytes, row-major
 * @param labels {@code size} labels 0..9, or {@link #NONE} (training material only)
 */
public record Mnist(byte[] images, byte[] labels) {

    /**
     * The label of a picture that is not one digit (a piece of a digit, two together), which a
     * model may train on toward equal probabilities for all ten digits (outlier exposure,
     * Hendrycks et al. 2019); never in a file, never evaluated.
     */
    public static final byte NONE = 10;

    /** MNIST's images are the model's input size ({@link InputContract}). */
    public static final int SIDE = InputContract.SIDE;
    public static final int PIXELS = InputContract.PIXELS;

    /** The folder bundled with the project, relative to it: found from any working directory ({@link Bundled}). */
    public static final Path BUNDLED = Path.of("data", "mnist");

    public enum Split {
        TRAIN("train"), TEST("t10k");

        final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    public Mnist {
        if (images.length != labels.length * PIXELS) {
            throw new IllegalArgumentException("images and labels disagree");
        }
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Image {@code i} as 784 bytes. */
    public byte[] image(int i) {
        byte[] out = new byte[PIXELS];
        System.arraycopy(images, i * PIXELS, out, 0, PIXELS);
        return out;
    }

    /** The first {@code n} items (all if n is 0 or larger than the set). */
    public Mnist head(int n) {
        if (n <= 0 || n >= size()) return this;
        return subset(java.util.stream.IntStream.range(0, n).toArray());
    }

    /** The items at {@code indices}, in that order. */
    public Mnist subset(int[] indices) {
        byte[] im = new byte[indices.length * PIXELS];
        byte[] lb = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(images, indices[k] * PIXELS, im, k * PIXELS, PIXELS);
            lb[k] = labels[indices[k]];
        }
        return new Mnist(im, lb);
    }

    /** This set followed by {@code more} (for training on extra digits as well). */
    public Mnist plus(Mnist more) {
        byte[] im = java.util.Arrays.copyOf(images, images.length + more.images.length);
        System.arraycopy(more.images, 0, im, images.length, more.images.length);
        byte[] lb = java.util.Arrays.copyOf(labels, labels.length + more.labels.length);
        System.arraycopy(more.labels, 0, lb, labels.length, more.labels.length);
        return new Mnist(im, lb);
    }

    /** A set cut in two: the images trained on and those held out to choose the model. */
    public record Holdout(Mnist train, Mnist validation) {}

    /**
     * Holds out {@code n} items chosen by {@code seed} (the last {@code n} of a seeded permutation);
     * no validation set when {@code n} is 0 or not smaller than the set.
     */
    public Holdout holdOut(int n, long seed) {
        if (n <= 0 || size() <= n) return new Holdout(this, null);
        int[] order = BatchLoader.permutation(size(), new java.util.Random(seed));
        int cut = size() - n;
        return new Holdout(subset(java.util.Arrays.copyOfRange(order, 0, cut)),
                subset(java.util.Arrays.copyOfRange(order, cut, order.length)));
    }

    /**
     * Loads one split from {@code dir}, which holds MNIST's four file names, each gzip-compressed
     * ({@code .gz}) or raw.
     */
    public static Mnist load(Path dir, Split split) {
        dir = Bundled.folder(dir, BUNDLED);
        IdxFile images = IdxFile.read(find(dir, split.prefix + "-images-idx3-ubyte"), 3);
        IdxFile labels = IdxFile.read(find(dir, split.prefix + "-labels-idx1-ubyte"), 1);
        int[] d = images.dims();
        if (d[1] != SIDE || d[2] != SIDE) {
            throw new DataException(split.prefix + "-images: images are " + d[1] + "x" + d[2] + ", expected 28x28");
        }
        if (d[0] != labels.dims()[0]) {
            throw new DataException(split.prefix + ": " + d[0] + " images but " + labels.dims()[0] + " labels");
        }
        byte[] lb = labels.data();
        for (int i = 0; i < lb.length; i++) {
            if (lb[i] < 0 || lb[i] > 9) {
                throw new DataException(split.prefix + "-labels: label " + (lb[i] & 0xff) + " at index " + i + " is not a digit 0..9");
            }
        }
        return new Mnist(images.data(), lb);
    }

    private static Path find(Path dir, String stem) {
        Path gz = dir.resolve(stem + ".gz");
        if (Files.exists(gz)) return gz;
        Path raw = dir.resolve(stem);
        if (Files.exists(raw)) return raw;
        throw new DataException(gz + ": no such file (nor " + stem + ")");
    }
}
