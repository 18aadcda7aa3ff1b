package dev.digits.experiment;

import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.train.Recipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a sweep's results beside its runs: results.csv, summary.md and the charts; made anew from all runs at every call. */
public final class SweepReport {

    private SweepReport() {}

    /** Writes the files and returns their paths. */
    public static List<Path> write(SweepFolder folder, Plan plan, Recipe base, List<Long> seeds, List<RunResult> results,
                                   String command) throws IOException {
        List<Path> written = new ArrayList<>();
        written.add(folder.file(SweepFolder.RESULTS));
        AtomicWrite.writeString(written.get(0), Summary.csv(results));
        written.add(folder.file(SweepFolder.SUMMARY));
        AtomicWrite.writeString(written.get(1), Summary.markdown(plan, base, seeds, results, command));
        written.add(folder.file(SweepFolder.ACCURACY_CHART));
        SweepCharts.accuracy(plan, results, written.get(2));
        written.add(folder.file(SweepFolder.CURVES_CHART));
        SweepCharts.validationCurves(plan, results, written.get(3));
        List<String> names = new ArrayList<>();
        List<Path> gradients = new ArrayList<>();
        for (Variant v : plan.variants()) {
            Path csv = folder.run(v.name(), seeds.get(0)).gradients();
            if (v.logGradients() && Files.isRegularFile(csv)) {
                names.add(v.name());
                gradients.add(csv);
            }
        }
        if (!gradients.isEmpty()) {
            written.add(folder.file(SweepFolder.GRADIENTS_CHART));
            SweepCharts.gradientNorms(names, gradients, written.get(4));
        }
        return written;
    }
}
