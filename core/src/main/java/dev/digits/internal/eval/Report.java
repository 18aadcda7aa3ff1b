package dev.digits.internal.eval;

import dev.digits.internal.io.AtomicWrite;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The evaluation report, written once as Markdown: {@code report.md} refers to the pictures by
 * relative path, and {@code report.html}, rendered from the same Markdown by commonmark (with GFM
 * tables), is one self-contained file: pictures embedded as base64 data URIs, inline CSS, nothing
 * fetched from anywhere.
 *
 * <p>Sections: configuration, training curves, final metrics (test loss and accuracy, precision,
 * recall and F1 per digit), other writers (accuracy on other sets, such as USPS, when given),
 * confusion matrix (picture and text table), most confused pairs, sample predictions, mistakes,
 * robustness (accuracy on shifted test sets), calibration (ECE and reliability diagram), and any
 * further pictures. Accuracy and shares are shown in percent,
 * precision, recall and F1 as fractions, as {@link ConfusionMatrix} gives them.
 */
public final class Report {

    /** Key in {@link Content#pictures()} of the training-curves picture. */
    public static final String TRAINING_CURVES = "training_curves";
    /** Key in {@link Content#pictures()} of the confusion-matrix picture. */
    public static final String CONFUSION_MATRIX = "confusion_matrix";
    /** Key in {@link Content#pictures()} of the sample-predictions picture. */
    public static final String PREDICTIONS = "predictions";
    /** Key in {@link Content#pictures()} of the misclassified-images picture. */
    public static final String MISTAKES = "mistakes";
    /** Key in {@link Content#pictures()} of the accuracy on shifted test sets. */
    public static final String ROBUSTNESS = "robustness";
    /** Key in {@link Content#pictures()} of the reliability diagram. */
    public static final String RELIABILITY = "reliability";

    /** File name of the HTML report. */
    public static final String HTML_FILE = "report.html";
    /** File name of the Markdown report. */
    public static final String MARKDOWN_FILE = "report.md";

    private static final Map<String, String> SECTION_TITLES = Map.of(
            TRAINING_CURVES, "Training curves",
            CONFUSION_MATRIX, "Confusion matrix",
            PREDICTIONS, "Sample predictions",
            MISTAKES, "Mistakes",
            ROBUSTNESS, "Robustness",
            RELIABILITY, "Reliability diagram");

    /** Links to the sections; the HTML gets matching ids (GitHub derives the same ones). */
    private static final String CONTENTS = "[Configuration](#configuration) · "
            + "[Training curves](#training-curves) · [Final metrics](#final-metrics) · "
            + "[Confusion matrix](#confusion-matrix) · [Most confused pairs](#most-confused-pairs)"
            + " · [Mistakes](#mistakes) · [Robustness](#robustness)"
            + " · [Calibration](#calibration)";

    private Report() {}

    /**
     * What a report shows.
     *
     * @param title the report's title
     * @param config settings to list, in the map's iteration order (pass a LinkedHashMap or
     *     TreeMap); values are shown with {@code String.valueOf} (arrays element by element)
     * @param testLoss mean loss on the test set (NaN if unknown)
     * @param matrix the test set's confusion matrix (copied), which gives the accuracy, the
     *     per-digit metrics and the most confused pairs
     * @param pictures PNG files by key ({@link #TRAINING_CURVES}, {@link #CONFUSION_MATRIX},
     *     {@link #PREDICTIONS}, {@link #MISTAKES}; other keys go under "Other figures"); a missing
     *     key or file is reported in the text, not as an error
     * @param others the same model on sets by other writers (USPS), for "Other writers"; empty
     *     for none (the section is then left out)
     * @param robustness accuracy on shifted test sets ({@link #ROBUSTNESS} is its picture); null
     *     when not measured
     * @param calibration the test set's calibration ({@link #RELIABILITY} is its picture); null
     *     when not measured
     */
    public record Content(String title, Map<String, Object> config, double testLoss,
            ConfusionMatrix matrix, Map<String, Path> pictures, List<OtherSet> others,
            Robustness robustness, Calibration calibration) {

        /** A report of the test set alone. */
        public Content(String title, Map<String, Object> config, double testLoss,
                ConfusionMatrix matrix, Map<String, Path> pictures) {
            this(title, config, testLoss, matrix, pictures, List.of(), null, null);
        }

        /** Checks and copies the arguments. */
        public Content {
            Objects.requireNonNull(title, "title");
            others = List.copyOf(others == null ? List.of() : others);
            config = Collections.unmodifiableMap(
                    new LinkedHashMap<>(config == null ? Map.of() : config));
            matrix = ConfusionMatrix.of(Objects.requireNonNull(matrix, "matrix").counts());
            pictures = Collections.unmodifiableMap(
                    new LinkedHashMap<>(pictures == null ? Map.of() : pictures));
        }
    }

    /**
     * Writes {@value #MARKDOWN_FILE} and {@value #HTML_FILE} into a folder (created if missing),
     * each atomically.
     *
     * @param content what to show
     * @param dir the folder
     * @throws IOException if a picture cannot be read or a file cannot be written
     */
    public static void write(Content content, Path dir) throws IOException {
        Files.createDirectories(dir);
        String markdown = markdown(content, dir);
        AtomicWrite.writeString(dir.resolve(MARKDOWN_FILE), markdown);
        AtomicWrite.writeString(dir.resolve(HTML_FILE), toHtml(content, markdown, dir));
    }

    /**
     * The HTML report: {@link #markdown} rendered, pictures embedded.
     *
     * @param content what to show
     * @param dir the folder the Markdown's picture paths are relative to
     * @return a complete HTML document
     * @throws IOException if a picture file exists but cannot be read
     */
    public static String html(Content content, Path dir) throws IOException {
        return toHtml(content, markdown(content, dir), dir);
    }

    /**
     * The Markdown report, pictures referenced relative to the folder the file will be in.
     *
     * @param content what to show
     * @param dir the folder {@value #MARKDOWN_FILE} will be written to
     * @return the Markdown text
     */
    public static String markdown(Content content, Path dir) {
        ConfusionMatrix matrix = content.matrix();
        List<ClassMetrics> perClass = matrix.perClass();
        StringBuilder m = new StringBuilder(8 * 1024);
        String contents = content.pictures().containsKey(PREDICTIONS) ? CONTENTS.replace(" · [Mistakes]",
                " · [Sample predictions](#sample-predictions) · [Mistakes]") : CONTENTS;
        contents = content.others().isEmpty() ? contents : contents.replace("(#final-metrics)",
                "(#final-metrics) · [Other writers](#other-writers)");
        m.append("# ").append(Markdown.text(content.title())).append("\n\n").append(contents)
                .append("\n\n## Configuration\n\n");
        if (content.config().isEmpty()) {
            m.append("(none given)\n\n");
        } else {
            m.append("| Setting | Value |\n|---|---|\n");
            content.config().forEach((key, value) ->
                    Markdown.row(m, Markdown.code(key), Markdown.code(display(value))));
            m.append('\n');
        }

        m.append("## Training curves\n\n");
        picture(m, content, TRAINING_CURVES, dir);

        m.append("## Final metrics\n\n- Test loss: **").append(fixed(content.testLoss()))
                .append("**\n- Test accuracy: **").append(percent(matrix.accuracy())).append("**");
        if (matrix.total() > 0) {
            m.append(" (").append(matrix.correct()).append(" of ").append(matrix.total())
                    .append(" images right, ").append(matrix.total() - matrix.correct())
                    .append(" wrong)");
        }
        m.append("\n\n| Digit | Precision | Recall | F1 | Support |\n|---:|---:|---:|---:|---:|\n");
        for (ClassMetrics c : perClass) {
            Markdown.row(m, c.digit(), fixed(c.precision()), fixed(c.recall()), fixed(c.f1()),
                    c.support());
        }
        Markdown.row(m, "**macro average**", mean(perClass, ClassMetrics::precision),
                mean(perClass, ClassMetrics::recall), mean(perClass, ClassMetrics::f1),
                matrix.total());

        OtherSet.markdown(m, content.others());

        m.append("\n## Confusion matrix\n\n");
        picture(m, content, CONFUSION_MATRIX, dir);
        m.append("Rows are true digits, columns predicted digits.\n\n```text\n")
                .append(matrix.toTable()).append("```\n\n");

        m.append("## Most confused pairs\n\n");
        List<ConfusedPair> pairs = matrix.mostConfused(10);
        if (pairs.isEmpty()) {
            m.append("No mistakes.\n\n");
        } else {
            m.append("| # | True | Predicted | Count | Share of the true digit |\n")
                    .append("|---:|---:|---:|---:|---:|\n");
            for (int i = 0; i < pairs.size(); i++) {
                ConfusedPair p = pairs.get(i);
                int support = perClass.get(p.truth()).support();
                Markdown.row(m, i + 1, p.truth(), p.predicted(), p.count(),
                        percent(100.0 * p.count() / support));
            }
            m.append('\n');
        }

        if (content.pictures().containsKey(PREDICTIONS)) {
            m.append("## Sample predictions\n\n");
            picture(m, content, PREDICTIONS, dir);
        }
        m.append("## Mistakes\n\n");
        picture(m, content, MISTAKES, dir);

        m.append("## Robustness\n\n");
        if (content.robustness() == null) {
            m.append("*Robustness: not measured here (`mnist eval` measures it).*\n\n");
        } else {
            content.robustness().markdown(m);
            picture(m, content, ROBUSTNESS, dir);
        }
        m.append("## Calibration\n\n");
        if (content.calibration() == null) {
            m.append("*Calibration: not measured.*\n\n");
        } else {
            content.calibration().markdown(m);
            picture(m, content, RELIABILITY, dir);
        }

        List<String> others = content.pictures().keySet().stream()
                .filter(key -> !SECTION_TITLES.containsKey(key)).toList();
        if (!others.isEmpty()) {
            m.append("## Other figures\n\n");
        }
        for (String key : others) {
            m.append("### ").append(Markdown.text(key)).append("\n\n");
            picture(m, content, key, dir);
        }
        return m.toString();
    }

    /**
     * Renders the Markdown to HTML, with the content's pictures embedded (found by the
     * destinations {@link #picture} wrote).
     */
    private static String toHtml(Content content, String markdown, Path dir) throws IOException {
        Map<String, Path> images = new HashMap<>();
        for (Path file : content.pictures().values()) {
            if (file != null) {
                images.put(Markdown.path(dir, file), file);
            }
        }
        return Markdown.htmlPage(content.title(), markdown, images);
    }

    /** The picture as a Markdown image, or a note in italics when it is missing. */
    private static void picture(StringBuilder m, Content content, String key, Path dir) {
        Path file = content.pictures().get(key);
        String alt = SECTION_TITLES.getOrDefault(key, key);
        if (file != null && Files.isRegularFile(file)) {
            m.append("![").append(Markdown.text(alt)).append("](")
                    .append(Markdown.path(dir, file)).append(")\n\n");
        } else {
            String note = file == null ? alt + ": picture not available."
                    : alt + ": picture not found (" + file + ").";
            m.append('*').append(Markdown.text(note)).append("*\n\n");
        }
    }

    /**
     * A setting's value: {@code String.valueOf}, arrays element by element, and a whole number read
     * back from a model.json (Gson makes every number a Double) without a fraction: 42, not 42.0.
     */
    private static String display(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf(d.longValue());
        if (value != null && value.getClass().isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(value); i++) {
                sb.append(i > 0 ? ", " : "").append(display(Array.get(value, i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(value);
    }

    /** A loss or a fraction (precision, recall, F1) to four decimals; "n/a" for NaN. */
    private static String fixed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** A percentage (0 to 100, not a fraction) as "98.77%"; "n/a" for NaN. */
    private static String percent(double percent) {
        return Double.isNaN(percent) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", percent);
    }

    /** The unweighted mean over the digits (the macro average), as {@link #fixed}. */
    private static String mean(List<ClassMetrics> rows, ToDoubleFunction<ClassMetrics> metric) {
        return fixed(rows.stream().mapToDouble(metric).average().orElse(Double.NaN));
    }
}
