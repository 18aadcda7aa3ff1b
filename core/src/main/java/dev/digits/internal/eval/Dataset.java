package dev.digits.internal.eval;

import dev.digits.internal.data.DataException;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.data.Usps;
import dev.digits.internal.infer.ImageException;
import dev.digits.internal.infer.Preprocessor;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The labelled digit sets a model is evaluated on, by name ({@code eval --data mnist|usps}), each
 * loaded as the model's 28x28 input ({@link Mnist}).
 *
 * <p>USPS's 16x16 scans become 28x28 here, not in {@code data}: they go through
 * {@link Preprocessor#toMnist}, the preparation {@code ./mnist predict} gives any image file (crop
 * to the ink, fit 20x20, centre of mass at the centre of 28x28), and {@code data} may not depend on
 * {@code infer}. So {@code data} reads the scans ({@link Usps}, 16x16, SHA-256 checked) and this
 * class converts them, one {@link Usps#image} at a time, dark ink on light paper as a scan is.
 */
public enum Dataset {

    /** MNIST's own test (or training) digits, as they are. */
    MNIST("MNIST", Mnist.BUNDLED, "as published"),
    /** The USPS zip-code digits, written and scanned another way. */
    USPS("USPS", Usps.BUNDLED, "read through predict's preprocessing");

    private final String title;
    private final Path folder;
    private final String how;

    Dataset(String title, Path folder, String how) {
        this.title = title;
        this.folder = folder;
        this.how = how;
    }

    /** How the set is named in output: "MNIST", "USPS". */
    public String title() {
        return title;
    }

    /** The bundled folder, relative to the project: {@code data/mnist}, {@code data/usps}. */
    public Path folder() {
        return folder;
    }

    /** How the digits reach the model, for output: "read through predict's preprocessing". */
    public String how() {
        return how;
    }

    /** The set named {@code name} ("mnist", "usps", any case), or null if it names none. */
    public static Dataset named(String name) {
        for (Dataset d : values()) {
            if (d.name().equals(name.toUpperCase(Locale.ROOT))) return d;
        }
        return null;
    }

    /** One split from the bundled folder. */
    public Mnist load(Mnist.Split split) {
        return load(folder, split);
    }

    /** One split from {@code dir}, as 28x28 digits. */
    public Mnist load(Path dir, Mnist.Split split) {
        return switch (this) {
            case MNIST -> Mnist.load(dir, split);
            case USPS -> prepare(Usps.load(dir, split), Usps.fileName(split));
        };
    }

    /**
     * Each USPS scan through {@link Preprocessor#toMnist}, labels kept.
     *
     * @param file the file the digits came from, for errors
     * @throws DataException if a digit has no ink ("zip.test.gz: line 12: ...")
     */
    public static Mnist prepare(Usps usps, String file) {
        byte[] images = new byte[usps.size() * Mnist.PIXELS];
        for (int i = 0; i < usps.size(); i++) {
            try {
                System.arraycopy(Preprocessor.toMnist(usps.image(i)), 0, images, i * Mnist.PIXELS, Mnist.PIXELS);
            } catch (ImageException e) {
                throw new DataException(file + ": line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Mnist(images, usps.labels().clone());
    }
}
