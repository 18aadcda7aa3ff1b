package dev.digits.experiment;

import dev.digits.internal.train.Recipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * A sweep's results as text: {@code results.csv}, one row per run, and {@code summary.md}, the
 * table of each variant over its seeds and a reading of each claim. The statistics are Apache
 * Commons Math's (sample standard deviation; Welch's t-test, which does not assume equal variances).
 */
public final class Summary {

    /** A claim is read as supported, or its opposite as shown, below this two-sided p-value. */
    public static final double ALPHA = 0.05;

    private Summary() {}

    /** How a claim reads against the runs. */
    public enum Verdict {
        SUPPORTED("supported"), NOT_SUPPORTED("not supported"), NOT_DISTINGUISHABLE("not distinguishable at this many seeds");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A claim's reading: the verdict, Welch's two-sided p-value (NaN when no test could be made), and why. */
    public record Reading(Claim claim, Verdict verdict, double p, String detail) {}

    /** Reads {@code claim} from the final test accuracies of its two variants' runs. */
    public static Reading read(Claim claim, List<RunResult> results) {
        double[] better = values(results, claim.better(), RunResult::finalTest);
        double[] worse = values(results, claim.worse(), RunResult::finalTest);
        String numbers = String.format(Locale.ROOT, "%s %s vs %s %s (final test accuracy, %%; %d and %d runs)", claim.better(),
                stats(better, 2), claim.worse(), stats(worse, 2), better.length, worse.length);
        if (better.length < 2 || worse.length < 2) {
            return new Reading(claim, Verdict.NOT_DISTINGUISHABLE, Double.NaN, numbers + "; Welch's t-test needs at least 2 runs of each");
        }
        DescriptiveStatistics b = new DescriptiveStatistics(better);
        DescriptiveStatistics w = new DescriptiveStatistics(worse);
        if (b.getVariance() + w.getVariance() == 0) {
            return new Reading(claim, Verdict.NOT_DISTINGUISHABLE, Double.NaN, numbers + "; every seed gave the same accuracy: no spread to test");
        }
        double p = new TTest().tTest(better, worse);
        Verdict v = p >= ALPHA ? Verdict.NOT_DISTINGUISHABLE : b.getMean() > w.getMean() ? Verdict.SUPPORTED : Verdict.NOT_SUPPORTED;
        String opposite = v == Verdict.NOT_SUPPORTED ? "; the opposite holds: " + claim.worse() + " is better" : "";
        return new Reading(claim, v, p, numbers + String.format(Locale.ROOT, "; Welch's t-test, two-sided p = %.3g%s", p, opposite));
    }

    /** results.csv: one row per run. */
    public static String csv(List<RunResult> results) {
        StringBuilder s = new StringBuilder("variant,seed,final_test_accuracy,best_validation_accuracy,epochs_to_99_validation,"
                + "train_seconds,epochs\n");
        for (RunResult r : results) {
            s.append(String.format(Locale.ROOT, "%s,%d,%.2f,%s,%s,%.1f,%d%n", r.variant(), r.seed(), r.finalTest(),
                    Double.isNaN(r.bestValidation()) ? "" : String.format(Locale.ROOT, "%.2f", r.bestValidation()),
                    r.epochsToTarget() == 0 ? "" : Integer.toString(r.epochsToTarget()), r.trainSeconds(), r.history().size()));
        }
        return s.toString();
    }

    /** summary.md: what was run, the table, and the claims read. */
    public static String markdown(Plan plan, Recipe base, List<Long> seeds, List<RunResult> results, String command) {
        StringBuilder m = new StringBuilder();
        m.append("# Experiment: ").append(plan.experiment()).append("\n\n");
        m.append("Command: `").append(command).append("`\n\n");
        m.append("Base recipe: the `").append(base.preset()).append("` preset, ").append(base.architecture()).append(", ")
                .append("at most ").append(base.stopping().epochs()).append(base.stopping().epochs() == 1 ? " epoch" : " epochs")
                .append(base.stopping().hasTarget() ? " (stopping at " + base.stopping().target() + "% " + base.stopping().on() + " accuracy)" : "")
                .append(", batch ").append(base.batchSize()).append(", ")
                .append(base.optimiser().kind()).append(" at ").append(base.optimiser().lr()).append(", ")
                .append(base.annealing().kind()).append(" schedule, training on ")
                .append(base.data().limit() > 0 ? "the first " + base.data().limit() + " training images" : "all training images")
                .append(" less ").append(base.data().validation()).append(" held out for validation. Seeds ")
                .append(String.join(", ", seeds.stream().map(String::valueOf).toList())).append(".\n\n");
        m.append("Each cell is the mean ± sample standard deviation over the seeds; seconds are training steps only"
                + " (evaluation excluded), on this machine.\n\n");
        row(m, "variant", "what changed", "runs", "final test accuracy (%)", "best validation accuracy (%)",
                "epochs to " + (int) RunResult.TARGET + "% validation", "training seconds");
        row(m, "---", "---", "---:", "---:", "---:", "---:", "---:");
        for (Variant v : plan.variants()) {
            List<RunResult> runs = results.stream().filter(r -> r.variant().equals(v.name())).toList();
            double[] reached = runs.stream().filter(r -> r.epochsToTarget() > 0).mapToDouble(RunResult::epochsToTarget).toArray();
            row(m, v.name(), v.description(), runs.size(), stats(values(runs, RunResult::finalTest), 2),
                    stats(values(runs, RunResult::bestValidation), 2),
                    reached.length == 0 ? "not reached" : stats(reached, 1) + " (" + reached.length + " of " + runs.size() + ")",
                    stats(values(runs, RunResult::trainSeconds), 0));
        }
        m.append("\n## Claims\n\n");
        if (plan.claims().isEmpty()) m.append("No claim compares the variants run here.\n");
        for (Claim c : plan.claims()) {
            Reading r = read(c, results);
            m.append("- **").append(r.verdict()).append("**: ").append(c.text()).append(". ").append(r.detail()).append(".\n");
        }
        m.append("\nA claim is *supported* when Welch's t-test (Apache Commons Math; unequal variances, two-sided) gives p < ")
                .append(ALPHA).append(" and the claimed variant is ahead, *not supported* when p < ").append(ALPHA)
                .append(" the other way, and *not distinguishable* otherwise: with few seeds only large differences show.\n");
        return m.toString();
    }

    static double[] values(List<RunResult> results, String variant, ToDoubleFunction<RunResult> value) {
        return values(results.stream().filter(r -> r.variant().equals(variant)).toList(), value);
    }

    private static double[] values(List<RunResult> runs, ToDoubleFunction<RunResult> value) {
        return runs.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).toArray();
    }

    /** "99.31 ± 0.05" (mean ± sample standard deviation to {@code digits} decimals), "99.31" for one value, "-" for none. */
    static String stats(double[] values, int digits) {
        if (values.length == 0) return "-";
        DescriptiveStatistics s = new DescriptiveStatistics(values);
        String mean = String.format(Locale.ROOT, "%." + digits + "f", s.getMean());
        return values.length == 1 ? mean : mean + String.format(Locale.ROOT, " ± %." + digits + "f", s.getStandardDeviation());
    }

    private static void row(StringBuilder m, Object... cells) {
        List<String> text = new ArrayList<>();
        for (Object c : cells) text.add(String.valueOf(c).replace("|", "\\|"));
        m.append("| ").append(String.join(" | ", text)).append(" |\n");
    }
}
