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
    /** The experiment the sweep is of (its name, one line): another experiment is refused the folder. */
    public static final String EXPERIMENT = "experiment.txt";

    /**
     * Claims the folder for {@code experiment}: refused when it holds another experiment's sweep,
     * whose report this one's would replace; a folder of none, or of an earlier version that did not
     * name its experiment, is marked as this one's.
     */
    public void claimFor(Experiment experiment) throws java.io.IOException {
        java.nio.file.Path marker = file(EXPERIMENT);
        String name = experiment.toString();
        if (java.nio.file.Files.isRegularFile(marker)) {
            String had = java.nio.file.Files.readString(marker).strip();
            if (!had.equals(name)) {
                throw new IllegalArgumentException("--out " + dir + " holds a sweep of experiment " + had + "; give " + name
                        + " a folder of its own");
            }
            return;
        }
        dev.digits.internal.io.AtomicWrite.writeString(marker, name + System.lineSeparator());
    }

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
