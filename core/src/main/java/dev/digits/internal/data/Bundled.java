package dev.digits.internal.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the data bundled with the project lies. Its folders ({@link Mnist#BUNDLED},
 * {@link Usps#BUNDLED}) are named relative to the project, and found there from any working
 * directory when {@code ./mnist} names the project folder (system property {@value #HOME}, as it
 * does for the shipped model); from the working directory when it names none (tests, a library user).
 */
public final class Bundled {

    /** The system property that {@code ./mnist} sets to its own folder. */
    static final String HOME = "mnist.home";

    private Bundled() {}

    /** Where the bundled folder {@code bundled} ({@link Mnist#BUNDLED}, {@link Usps#BUNDLED}) is. */
    public static Path locate(Path bundled) {
        return locate(bundled, bundled);
    }

    /** {@code dir} as it is, unless it is a bundled folder missing here that the project folder has. */
    static Path locate(Path dir, Path bundled) {
        return locate(dir, bundled, System.getProperty(HOME));
    }

    /** {@link #locate(Path, Path)}, refused in one line when it is not a folder (MNIST's and USPS's loaders). */
    static Path folder(Path dir, Path bundled) {
        Path located = locate(dir, bundled);
        if (!Files.isDirectory(located)) {
            throw new DataException(located + (Files.exists(located) ? ": a file, not a data folder" : ": no such data directory"));
        }
        return located;
    }

    static Path locate(Path dir, Path bundled, String home) {
        if (home == null || !dir.equals(bundled) || Files.isDirectory(dir)) return dir;
        Path there = Path.of(home).resolve(dir);
        return Files.isDirectory(there) ? there : dir;
    }
}
