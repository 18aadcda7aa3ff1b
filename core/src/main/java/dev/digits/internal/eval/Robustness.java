package dev.digits.internal.eval;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A model's accuracy on shifted copies of the test set, one per {@link Shift}, next to its
 * accuracy on the same images unshifted. Each copy goes through {@link Evaluation#of}, the path
 * of every other number in eval.
 *
 * @param images the test images in each copy
 * @param seed the seed of the random shifts
 * @param rows the clean images first, then one row per shift in {@link Shift}'s order
 */
public record Robustness(int images, long seed, List<Row> rows) {

    /** The seed eval uses. */
    public static final long SEED = 42;

    /**
     * One set of images.
     *
     * @param label "clean", or the shift's {@link Shift#label()}
     * @param accuracy percent right
     * @param confidence the mean probability of the answered digit, percent
     */
    public record Row(String label, double accuracy, double confidence) {}

    /** Checks and copies. */
    public Robustness {
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows: the clean row comes first");
        }
    }

    /**
     * Measures every shift.
     *
     * @param classifier the model
     * @param test the clean test set
     * @param clean the classifier's evaluation of all of {@code test}, which gives the clean row
     * @param limit the most images per shifted copy, spread evenly over the test set (its first
     *     and second halves differ: MNIST's first 5,000 test images are the cleaner ones); 0 or
     *     {@code test.size()} or more for all
     * @param seed seeds the random shifts
     * @return the clean row and one per shift
     */
    public static Robustness measure(DigitClassifier classifier, Mnist test, Evaluation clean,
            int limit, long seed) {
        Objects.requireNonNull(classifier, "classifier");
        if (clean.size() != test.size()) {
            throw new IllegalArgumentException("the clean evaluation has " + clean.size()
                    + " images, the test set " + test.size());
        }
        int[] sample = sample(test.size(), limit);
        List<Row> rows = new ArrayList<>();
        double right = 0, confidence = 0;
        for (int i : sample) {
            right += clean.predicted()[i] == test.label(i) ? 1 : 0;
            confidence += clean.confidence()[i];
        }
        rows.add(new Row("clean", 100 * right / sample.length, 100 * confidence / sample.length));
        for (Shift shift : Shift.values()) {
            Evaluation e = Evaluation.of(classifier, shift.apply(test, sample, seed));
            rows.add(new Row(shift.label(), e.accuracy(), 100 * mean(e.confidence())));
        }
        return new Robustness(sample.length, seed, rows);
    }

    /**
     * {@code limit} indices spread evenly over {@code size}: {@code floor(k * size / limit)};
     * all of them when {@code limit} is 0 or not below {@code size}.
     */
    static int[] sample(int size, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (all) or positive, got " + limit);
        }
        int n = limit == 0 || limit >= size ? size : limit;
        int[] indices = new int[n];
        for (int k = 0; k < n; k++) {
            indices[k] = (int) ((long) k * size / n);
        }
        return indices;
    }

    /** The clean row. */
    public Row clean() {
        return rows.get(0);
    }

    /** The table eval prints. */
    public String table() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%-26s %9s %8s %11s%n", "test images", "accuracy",
                "change", "confidence"));
        for (Row r : rows) {
            t.append(String.format(Locale.ROOT, "%-26s %8.2f%% %8s %10.2f%%%n", r.label(),
                    r.accuracy(), r == clean() ? "" : change(r), r.confidence()));
        }
        return t.toString();
    }

    /** How each shift is made, in one paragraph. */
    public static final String METHOD = "Rotation and scaling are about the image centre and "
            + "translation is 3 or 5 pixels in a random direction per image, each sampled "
            + "bilinearly; stretched: the ink's bounding box resized to fill 20x20 (aspect ratio "
            + "lost) and placed by its centre of mass, as MNIST places a digit; thicker and "
            + "thinner: grey dilation and erosion with a 2x2 window; noise: Gaussian, sigma 0.2 of "
            + "full scale, added to every pixel and clipped; inverted: dark ink on white paper, "
            + "sent through the preprocessing of predict, which must undo it.";

    /** What the rows are: how many images, how they were chosen, the seed. */
    public String description() {
        return String.format(Locale.ROOT, "%d test images per set%s; random draws seeded with %d",
                images, images < 10_000 ? ", spread evenly over the test set" : "", seed);
    }

    /** Appends the report's robustness table. */
    void markdown(StringBuilder m) {
        m.append("Accuracy on shifted copies of the test set: ").append(Markdown.text(description()))
                .append(". ").append(Markdown.text(METHOD)).append(" Change is in percentage "
                        + "points from the clean images; confidence is the mean probability of "
                        + "the answered digit.\n\n")
                .append("| Test images | Accuracy | Change | Mean confidence |\n")
                .append("|---|---:|---:|---:|\n");
        for (Row r : rows) {
            Markdown.row(m, Markdown.text(r.label()),
                    String.format(Locale.ROOT, "%.2f%%", r.accuracy()),
                    r == clean() ? "" : change(r),
                    String.format(Locale.ROOT, "%.2f%%", r.confidence()));
        }
        m.append('\n');
    }

    private String change(Row r) {
        return String.format(Locale.ROOT, "%+.2f", r.accuracy() - clean().accuracy());
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }
}
