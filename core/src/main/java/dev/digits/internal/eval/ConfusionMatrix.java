package dev.digits.internal.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Counts of (true digit, predicted digit) pairs over a test set, and the metrics derived from
 * them: accuracy in percent (0 to 100), precision, recall and F1 as fractions (0 to 1, see
 * {@link ClassMetrics}). Not thread-safe.
 */
public final class ConfusionMatrix {

    /** Number of classes: the digits 0 to 9. */
    public static final int CLASSES = 10;

    private final int[][] counts = new int[CLASSES][CLASSES];

    /** An empty matrix. */
    public ConfusionMatrix() {}

    /**
     * A matrix holding given counts (copied).
     *
     * @param counts 10x10, {@code counts[truth][predicted]}, none negative
     * @return the matrix
     */
    public static ConfusionMatrix of(int[][] counts) {
        Objects.requireNonNull(counts, "counts");
        if (counts.length != CLASSES) {
            throw new IllegalArgumentException("expected 10 rows, got " + counts.length);
        }
        ConfusionMatrix m = new ConfusionMatrix();
        for (int t = 0; t < CLASSES; t++) {
            if (counts[t].length != CLASSES) {
                throw new IllegalArgumentException(
                        "row " + t + ": expected 10 columns, got " + counts[t].length);
            }
            for (int p = 0; p < CLASSES; p++) {
                if (counts[t][p] < 0) {
                    throw new IllegalArgumentException("negative count at [" + t + "][" + p + "]");
                }
                m.counts[t][p] = counts[t][p];
            }
        }
        return m;
    }

    /**
     * Records one prediction.
     *
     * @param truth the true digit, 0 to 9
     * @param predicted the predicted digit, 0 to 9
     */
    public void add(int truth, int predicted) {
        check(truth, "truth");
        check(predicted, "predicted");
        counts[truth][predicted]++;
    }

    /**
     * @return a copy of the counts, {@code [truth][predicted]}, 10x10
     */
    public int[][] counts() {
        int[][] copy = new int[CLASSES][];
        for (int t = 0; t < CLASSES; t++) {
            copy[t] = counts[t].clone();
        }
        return copy;
    }

    /**
     * @return how many predictions were recorded
     */
    public int total() {
        int n = 0;
        for (int[] row : counts) {
            for (int c : row) {
                n += c;
            }
        }
        return n;
    }

    /**
     * @return how many predictions were right (the diagonal)
     */
    public int correct() {
        int n = 0;
        for (int d = 0; d < CLASSES; d++) {
            n += counts[d][d];
        }
        return n;
    }

    /**
     * @return the percentage right, 0 to 100 (the unit of {@link Evaluation#accuracy()} and
     *     {@link EpochRow}); NaN when nothing was recorded
     */
    public double accuracy() {
        int total = total();
        return total == 0 ? Double.NaN : 100.0 * correct() / total;
    }

    /**
     * Precision, recall and F1 of each digit (0 where a denominator is 0, as scikit-learn does).
     *
     * @return ten rows, digit 0 first
     */
    public List<ClassMetrics> perClass() {
        List<ClassMetrics> rows = new ArrayList<>(CLASSES);
        for (int d = 0; d < CLASSES; d++) {
            int tp = counts[d][d];
            int support = 0;
            int predicted = 0;
            for (int o = 0; o < CLASSES; o++) {
                support += counts[d][o];
                predicted += counts[o][d];
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0
                    : 2 * precision * recall / (precision + recall);
            rows.add(new ClassMetrics(d, precision, recall, f1, support));
        }
        return rows;
    }

    /**
     * The most frequent mistakes: off-diagonal cells with a non-zero count, most frequent first,
     * ties broken by true digit then predicted digit.
     *
     * @param n at most this many
     * @return the pairs
     */
    public List<ConfusedPair> mostConfused(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, got " + n);
        }
        List<ConfusedPair> pairs = new ArrayList<>();
        for (int t = 0; t < CLASSES; t++) {
            for (int p = 0; p < CLASSES; p++) {
                if (t != p && counts[t][p] > 0) {
                    pairs.add(new ConfusedPair(t, p, counts[t][p]));
                }
            }
        }
        pairs.sort(Comparator.comparingInt(ConfusedPair::count).reversed()
                .thenComparingInt(ConfusedPair::truth)
                .thenComparingInt(ConfusedPair::predicted));
        return List.copyOf(pairs.subList(0, Math.min(n, pairs.size())));
    }

    /**
     * The counts as fixed-width text: a header row of predicted digits, then one row per true
     * digit, for example
     *
     * <pre>
     * true\pred     0     1 ...
     *         0   978     0 ...
     * </pre>
     *
     * @return the table, lines ending in {@code \n}
     */
    public String toTable() {
        int max = 0;
        for (int[] row : counts) {
            for (int c : row) {
                max = Math.max(max, c);
            }
        }
        int width = Math.max(5, Integer.toString(max).length() + 1);
        String cell = "%" + width + "s";
        StringBuilder sb = new StringBuilder(String.format("%9s", "true\\pred"));
        for (int p = 0; p < CLASSES; p++) {
            sb.append(String.format(cell, p));
        }
        sb.append('\n');
        for (int t = 0; t < CLASSES; t++) {
            sb.append(String.format("%9s", t));
            for (int p = 0; p < CLASSES; p++) {
                sb.append(String.format(cell, counts[t][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void check(int digit, String what) {
        if (digit < 0 || digit >= CLASSES) {
            throw new IllegalArgumentException(what + " must be 0..9, got " + digit);
        }
    }
}
