package dev.digits.internal.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How far the model's confidence (the probability of the digit it answers) can be read as the
 * chance that the answer is right: the answers sorted into equal-width confidence bins, each bin's
 * accuracy against its mean confidence, and the expected calibration error (ECE, Guo et al. 2017):
 * the mean gap |accuracy - confidence| over the bins, weighted by their share of the images.
 *
 * <p>Everything is in percent (0 to 100), confidence included, as accuracy is everywhere in eval;
 * the ECE is in percentage points. Bin {@code b} of {@code n} holds the confidences in
 * {@code (100 b / n, 100 (b + 1) / n]}, the first also 0.
 *
 * @param bins every bin, in order, empty ones included
 * @param ece the expected calibration error in percentage points; NaN without images
 */
public record Calibration(List<Bin> bins, double ece) {

    /** The report's bins: 15 of equal width, as in Guo et al. */
    public static final int BINS = 15;

    /**
     * One confidence bin.
     *
     * @param lower its lower edge, percent (exclusive, but for the first bin)
     * @param upper its upper edge, percent (inclusive)
     * @param count the images whose confidence falls in it
     * @param confidence their mean confidence, percent; NaN when empty
     * @param accuracy the percentage of them answered right; NaN when empty
     */
    public record Bin(double lower, double upper, int count, double confidence, double accuracy) {

        /** accuracy - confidence, in percentage points: negative when overconfident. */
        public double gap() {
            return accuracy - confidence;
        }
    }

    /** Checks and copies. */
    public Calibration {
        bins = List.copyOf(bins);
    }

    /** The calibration of an evaluation's answers, in {@value #BINS} bins. */
    public static Calibration of(Evaluation e) {
        boolean[] correct = new boolean[e.size()];
        for (int i = 0; i < correct.length; i++) {
            correct[i] = e.predicted()[i] == e.labels()[i];
        }
        return of(e.confidence(), correct, BINS);
    }

    /**
     * The calibration of any answers.
     *
     * @param confidence each answer's probability, 0 to 1
     * @param correct whether each answer is right
     * @param bins how many equal-width bins
     * @return the bins and the ECE
     */
    public static Calibration of(float[] confidence, boolean[] correct, int bins) {
        Objects.requireNonNull(confidence, "confidence");
        if (confidence.length != correct.length) {
            throw new IllegalArgumentException(confidence.length + " confidences but "
                    + correct.length + " answers");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be positive, got " + bins);
        }
        int[] count = new int[bins];
        int[] right = new int[bins];
        double[] sum = new double[bins];
        for (int i = 0; i < confidence.length; i++) {
            double c = confidence[i];
            if (!(c >= 0 && c <= 1)) {
                throw new IllegalArgumentException("confidence " + c + " at " + i
                        + " is not in [0, 1]");
            }
            int b = Math.max(0, Math.min(bins - 1, (int) Math.ceil(c * bins) - 1));
            count[b]++;
            sum[b] += c;
            if (correct[i]) {
                right[b]++;
            }
        }
        List<Bin> list = new ArrayList<>(bins);
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            double meanConfidence = count[b] == 0 ? Double.NaN : 100 * sum[b] / count[b];
            double accuracy = count[b] == 0 ? Double.NaN : 100.0 * right[b] / count[b];
            Bin bin = new Bin(100.0 * b / bins, 100.0 * (b + 1) / bins, count[b], meanConfidence,
                    accuracy);
            list.add(bin);
            if (count[b] > 0) {
                ece += (double) count[b] / confidence.length * Math.abs(bin.gap());
            }
        }
        return new Calibration(list, confidence.length == 0 ? Double.NaN : ece);
    }

    /** The images counted. */
    public int total() {
        return bins.stream().mapToInt(Bin::count).sum();
    }

    /** The line eval prints: the ECE and how it was computed. */
    public String summary() {
        return String.format(Locale.ROOT, "expected calibration error (ECE) %.2f%% "
                + "(%d equal-width confidence bins, %d clean test images)", ece, bins.size(),
                total());
    }

    /**
     * Appends the report's calibration text: the ECE, how it was computed, and a table of the
     * bins that hold images.
     */
    void markdown(StringBuilder m) {
        m.append(String.format(Locale.ROOT, "Expected calibration error (ECE): **%.2f%%**, the "
                + "mean gap between accuracy and confidence over %d equal-width confidence bins, "
                + "weighted by their images (%d, the clean test set). Confidence is the "
                + "probability of the answered digit, as `predict` and the web page show it.\n\n",
                ece, bins.size(), total()));
        m.append("| Confidence | Images | Mean confidence | Accuracy | Gap |\n")
                .append("|---|---:|---:|---:|---:|\n");
        for (Bin b : bins) {
            if (b.count() > 0) {
                Markdown.row(m, String.format(Locale.ROOT, "%.1f-%.1f%%", b.lower(), b.upper()),
                        b.count(), String.format(Locale.ROOT, "%.2f%%", b.confidence()),
                        String.format(Locale.ROOT, "%.2f%%", b.accuracy()),
                        String.format(Locale.ROOT, "%+.2f", b.gap()).replace("-0.00", "+0.00")); // no "-0.00" for a gap just under 0
            }
        }
        m.append('\n');
    }
}
