package dev.digits.experiment;

import dev.digits.internal.run.EpochRow;
import dev.digits.internal.run.RunFolder;
import java.io.IOException;
import java.util.List;

/**
 * What one finished run of a sweep scored, read back from its run folder (metrics.csv and
 * model.json), so that a resumed sweep reports the runs of earlier calls as it reports its own.
 *
 * @param trainSeconds seconds spent in training steps (evaluation excluded), as model.json has them
 */
public record RunResult(String variant, long seed, List<EpochRow> history, double trainSeconds) {

    /** The validation accuracy (percent) whose first epoch {@link #epochsToTarget()} counts. */
    public static final double TARGET = 99.0;

    public RunResult {
        history = List.copyOf(history);
        if (history.isEmpty()) throw new IllegalArgumentException(variant + " seed " + seed + ": no epochs in its metrics");
    }

    public static RunResult read(String variant, long seed, RunFolder run) throws IOException {
        return new RunResult(variant, seed, run.readMetrics(), run.readInfo().metrics().trainSeconds());
    }

    /** The test accuracy after the last epoch, percent. */
    public double finalTest() {
        return history.get(history.size() - 1).testAccuracy();
    }

    /** The best validation accuracy of any epoch, percent (NaN without a validation split). */
    public double bestValidation() {
        return history.stream().mapToDouble(EpochRow::valAccuracy).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    /** The first epoch whose validation accuracy reached {@link #TARGET}, or 0 if none did. */
    public int epochsToTarget() {
        return history.stream().filter(r -> r.valAccuracy() >= TARGET).mapToInt(EpochRow::epoch).findFirst().orElse(0);
    }
}
