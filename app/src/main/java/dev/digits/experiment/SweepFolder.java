package dev.digits.experiment;

import dev.digits.internal.run.RunFolder;
import java.nio.file.Path;

/**
 * A sweep's folder, the one place that names its files: a run folder per variant and seed,
 * {@code <variant>/seed-<seed>}, complete or absent (a run trains in {@code seed-<seed>.partial}
 * and is renamed into place when it ends), and the sweep's results beside them.
 */
public record SweepFolder(Path dir) {

    public static final String RESULTS = "results.csv";
    public static final String SUMMARY = "summary.md";
    public static final String ACCURACY_CHART = "accuracy.png";
    public static final String CURVES_CHART = "validation-curves.png";
    public static final String GRADIENTS_CHART = "gradient-norms.png";

    public RunFolder run(String variant, long seed) {
        return new RunFolder(dir.resolve(variant).resolve("seed-" + seed));
    }

    /** Where the run trains until it is complete. */
    public Path partial(String variant, long seed) {
        return dir.resolve(variant).resolve("seed-" + seed + ".partial");
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
