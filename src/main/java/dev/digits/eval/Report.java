package dev.digits.eval;

import dev.digits.io.AtomicWrite;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the evaluation report twice: {@code report.html}, one self-contained file (pictures
 * embedded as base64 data URIs, inline CSS, nothing fetched from anywhere), and {@code report.md},
 * which refers to the pictures by relative path.
 *
 * <p>Sections: configuration, training curves, final metrics (test loss and accuracy, precision,
 * recall and F1 per digit), confusion matrix (picture and text table), most confused pairs, sample
 * predictions, mistakes, and any further pictures.
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

    /** File name of the HTML report. */
    public static final String HTML_FILE = "report.html";
    /** File name of the Markdown report. */
    public static final String MARKDOWN_FILE = "report.md";

    private static final Map<String, String> SECTION_TITLES = Map.of(
            TRAINING_CURVES, "Training curves",
            CONFUSION_MATRIX, "Confusion matrix",
            PREDICTIONS, "Sample predictions",
            MISTAKES, "Mistakes");

    private static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                   max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222;
                   line-height: 1.45; }
            h1 { border-bottom: 2px solid #ddd; padding-bottom: .3em; }
            h2 { margin-top: 2em; border-bottom: 1px solid #eee; padding-bottom: .2em; }
            nav a { margin-right: 1em; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: .3em .7em; }
            th { background: #f4f4f4; text-align: left; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            table.config td:first-child { font-family: monospace; }
            table.config td { word-break: break-word; }
            tr.total td { font-weight: bold; background: #fafafa; }
            pre { background: #f7f7f7; border: 1px solid #e3e3e3; padding: .8em;
                  overflow-x: auto; }
            img { max-width: 100%; height: auto; border: 1px solid #eee; }
            .missing { color: #a00; font-style: italic; }
            .headline { font-size: 1.25em; }
            """;

    private Report() {}

    /**
     * What a report shows.
     *
     * @param title the report's title
     * @param config settings to list, in the map's iteration order (pass a LinkedHashMap or
     *     TreeMap); values are shown with {@code String.valueOf} (arrays element by element)
     * @param testLoss mean loss on the test set (NaN if unknown)
     * @param testAccuracy accuracy on the test set in <em>percent</em>, 0 to 100, like
     *     {@link ConfusionMatrix#accuracy()} and {@link Evaluation#accuracy()} (NaN if unknown)
     * @param confusion {@code [true][predicted]} counts, 10x10
     * @param perClass precision, recall and F1 per digit, as from {@link ConfusionMatrix#perClass()}
     * @param topConfusions most confused pairs, as from {@link ConfusionMatrix#mostConfused(int)}
     * @param pictures PNG files by key ({@link #TRAINING_CURVES}, {@link #CONFUSION_MATRIX},
     *     {@link #PREDICTIONS}, {@link #MISTAKES}; other keys go under "Other figures"); a missing
     *     key or file is reported in the text, not as an error
     */
    public record Content(String title, Map<String, Object> config, double testLoss,
            double testAccuracy, int[][] confusion, List<ClassMetrics> perClass,
            List<ConfusedPair> topConfusions, Map<String, Path> pictures) {

        /** Checks and copies the arguments. */
        public Content {
            Objects.requireNonNull(title, "title");
            if (!Double.isNaN(testAccuracy) && (testAccuracy < 0 || testAccuracy > 100)) {
                throw new IllegalArgumentException("testAccuracy is a percentage, 0 to 100, got "
                        + testAccuracy);
            }
            config = Collections.unmodifiableMap(
                    new LinkedHashMap<>(config == null ? Map.of() : config));
            confusion = ConfusionMatrix.of(Objects.requireNonNull(confusion, "confusion"))
                    .counts();
            perClass = List.copyOf(perClass == null ? List.of() : perClass);
            topConfusions = List.copyOf(topConfusions == null ? List.of() : topConfusions);
            pictures = Collections.unmodifiableMap(
                    new LinkedHashMap<>(pictures == null ? Map.of() : pictures));
        }

        /**
         * The content for a confusion matrix: its accuracy, per-class metrics and ten most
         * confused pairs.
         *
         * @param title the report's title
         * @param config settings to list
         * @param testLoss mean test loss (NaN if unknown)
         * @param matrix the test set's confusion matrix
         * @param pictures PNG files by key
         * @return the content
         */
        public static Content of(String title, Map<String, Object> config, double testLoss,
                ConfusionMatrix matrix, Map<String, Path> pictures) {
            return new Content(title, config, testLoss, matrix.accuracy(), matrix.counts(),
                    matrix.perClass(), matrix.mostConfused(10), pictures);
        }
    }

    /**
     * Writes {@value #HTML_FILE} and {@value #MARKDOWN_FILE} into a folder (created if missing),
     * each atomically.
     *
     * @param content what to show
     * @param dir the folder
     * @throws IOException if a picture cannot be read or a file cannot be written
     */
    public static void write(Content content, Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicWrite.writeString(dir.resolve(HTML_FILE), html(content));
        AtomicWrite.writeString(dir.resolve(MARKDOWN_FILE), markdown(content, dir));
    }

    /**
     * The HTML report, pictures embedded.
     *
     * @param content what to show
     * @return a complete HTML document
     * @throws IOException if a picture file exists but cannot be read
     */
    public static String html(Content content) throws IOException {
        ConfusionMatrix matrix = ConfusionMatrix.of(content.confusion());
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(content.title())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(escape(content.title())).append("</h1>\n");
        h.append("<nav><a href=\"#configuration\">Configuration</a>")
                .append("<a href=\"#training-curves\">Training curves</a>")
                .append("<a href=\"#final-metrics\">Final metrics</a>")
                .append("<a href=\"#confusion-matrix\">Confusion matrix</a>")
                .append("<a href=\"#most-confused\">Most confused pairs</a>")
                .append("<a href=\"#mistakes\">Mistakes</a></nav>\n");

        h.append("<h2 id=\"configuration\">Configuration</h2>\n");
        if (content.config().isEmpty()) {
            h.append("<p>(none given)</p>\n");
        } else {
            h.append("<table class=\"config\">\n<tr><th>Setting</th><th>Value</th></tr>\n");
            content.config().forEach((k, v) -> h.append("<tr><td>").append(escape(k))
                    .append("</td><td>").append(escape(display(v))).append("</td></tr>\n"));
            h.append("</table>\n");
        }

        h.append("<h2 id=\"training-curves\">Training curves</h2>\n");
        htmlPicture(h, content, TRAINING_CURVES);

        h.append("<h2 id=\"final-metrics\">Final metrics</h2>\n<p class=\"headline\">")
                .append("Test loss <b>").append(escape(fixed(content.testLoss(), 4)))
                .append("</b>, test accuracy <b>").append(escape(percent(content.testAccuracy())))
                .append("</b>");
        h.append(rightAndWrong(matrix));
        h.append("</p>\n");
        if (!content.perClass().isEmpty()) {
            h.append("<table>\n<tr><th class=\"num\">Digit</th><th class=\"num\">Precision</th>")
                    .append("<th class=\"num\">Recall</th><th class=\"num\">F1</th>")
                    .append("<th class=\"num\">Support</th></tr>\n");
            for (ClassMetrics m : content.perClass()) {
                h.append("<tr><td class=\"num\">").append(m.digit()).append("</td>")
                        .append(numCell(m.precision())).append(numCell(m.recall()))
                        .append(numCell(m.f1())).append("<td class=\"num\">")
                        .append(m.support()).append("</td></tr>\n");
            }
            double[] macro = macro(content.perClass());
            h.append("<tr class=\"total\"><td>macro average</td>").append(numCell(macro[0]))
                    .append(numCell(macro[1])).append(numCell(macro[2]))
                    .append("<td class=\"num\">").append((int) macro[3]).append("</td></tr>\n")
                    .append("</table>\n");
        }

        h.append("<h2 id=\"confusion-matrix\">Confusion matrix</h2>\n");
        htmlPicture(h, content, CONFUSION_MATRIX);
        h.append("<p>Rows are true digits, columns predicted digits.</p>\n<pre>")
                .append(escape(matrix.toTable())).append("</pre>\n");

        h.append("<h2 id=\"most-confused\">Most confused pairs</h2>\n");
        if (content.topConfusions().isEmpty()) {
            h.append("<p>No mistakes.</p>\n");
        } else {
            h.append("<table>\n<tr><th class=\"num\">#</th><th class=\"num\">True</th>")
                    .append("<th class=\"num\">Predicted</th><th class=\"num\">Count</th>")
                    .append("<th class=\"num\">Share of the true digit</th></tr>\n");
            int rank = 1;
            for (ConfusedPair p : content.topConfusions()) {
                h.append("<tr><td class=\"num\">").append(rank++).append("</td>")
                        .append("<td class=\"num\">").append(p.truth()).append("</td>")
                        .append("<td class=\"num\">").append(p.predicted()).append("</td>")
                        .append("<td class=\"num\">").append(p.count()).append("</td>")
                        .append("<td class=\"num\">").append(escape(share(content, p)))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        if (content.pictures().containsKey(PREDICTIONS)) {
            h.append("<h2 id=\"predictions\">Sample predictions</h2>\n");
            htmlPicture(h, content, PREDICTIONS);
        }
        h.append("<h2 id=\"mistakes\">Mistakes</h2>\n");
        htmlPicture(h, content, MISTAKES);

        boolean other = false;
        for (String key : content.pictures().keySet()) {
            if (!SECTION_TITLES.containsKey(key)) {
                if (!other) {
                    h.append("<h2 id=\"other-figures\">Other figures</h2>\n");
                    other = true;
                }
                h.append("<h3>").append(escape(key)).append("</h3>\n");
                htmlPicture(h, content, key);
            }
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /**
     * The Markdown report, pictures referenced relative to the folder the file will be in.
     *
     * @param content what to show
     * @param dir the folder {@value #MARKDOWN_FILE} will be written to
     * @return the Markdown text
     */
    public static String markdown(Content content, Path dir) {
        ConfusionMatrix matrix = ConfusionMatrix.of(content.confusion());
        StringBuilder m = new StringBuilder(8 * 1024);
        m.append("# ").append(mdText(content.title())).append("\n\n");

        m.append("## Configuration\n\n");
        if (content.config().isEmpty()) {
            m.append("(none given)\n\n");
        } else {
            m.append("| Setting | Value |\n|---|---|\n");
            content.config().forEach((k, v) -> m.append("| ").append(code(k)).append(" | ")
                    .append(code(display(v))).append(" |\n"));
            m.append('\n');
        }

        m.append("## Training curves\n\n");
        mdPicture(m, content, TRAINING_CURVES, dir);

        m.append("## Final metrics\n\n")
                .append("- Test loss: **").append(fixed(content.testLoss(), 4)).append("**\n")
                .append("- Test accuracy: **").append(percent(content.testAccuracy()))
                .append("**");
        m.append(rightAndWrong(matrix));
        m.append("\n\n");
        if (!content.perClass().isEmpty()) {
            m.append("| Digit | Precision | Recall | F1 | Support |\n")
                    .append("|---:|---:|---:|---:|---:|\n");
            for (ClassMetrics c : content.perClass()) {
                m.append("| ").append(c.digit()).append(" | ").append(fixed(c.precision(), 4))
                        .append(" | ").append(fixed(c.recall(), 4)).append(" | ")
                        .append(fixed(c.f1(), 4)).append(" | ").append(c.support())
                        .append(" |\n");
            }
            double[] macro = macro(content.perClass());
            m.append("| **macro average** | ").append(fixed(macro[0], 4)).append(" | ")
                    .append(fixed(macro[1], 4)).append(" | ").append(fixed(macro[2], 4))
                    .append(" | ").append((int) macro[3]).append(" |\n\n");
        }

        m.append("## Confusion matrix\n\n");
        mdPicture(m, content, CONFUSION_MATRIX, dir);
        m.append("Rows are true digits, columns predicted digits.\n\n```text\n")
                .append(matrix.toTable()).append("```\n\n");

        m.append("## Most confused pairs\n\n");
        if (content.topConfusions().isEmpty()) {
            m.append("No mistakes.\n\n");
        } else {
            m.append("| # | True | Predicted | Count | Share of the true digit |\n")
                    .append("|---:|---:|---:|---:|---:|\n");
            int rank = 1;
            for (ConfusedPair p : content.topConfusions()) {
                m.append("| ").append(rank++).append(" | ").append(p.truth()).append(" | ")
                        .append(p.predicted()).append(" | ").append(p.count()).append(" | ")
                        .append(share(content, p)).append(" |\n");
            }
            m.append('\n');
        }

        if (content.pictures().containsKey(PREDICTIONS)) {
            m.append("## Sample predictions\n\n");
            mdPicture(m, content, PREDICTIONS, dir);
        }
        m.append("## Mistakes\n\n");
        mdPicture(m, content, MISTAKES, dir);

        boolean other = false;
        for (String key : content.pictures().keySet()) {
            if (!SECTION_TITLES.containsKey(key)) {
                if (!other) {
                    m.append("## Other figures\n\n");
                    other = true;
                }
                m.append("### ").append(mdText(key)).append("\n\n");
                mdPicture(m, content, key, dir);
            }
        }
        return m.toString();
    }

    // ---- pictures ------------------------------------------------------------------------------

    private static void htmlPicture(StringBuilder h, Content content, String key)
            throws IOException {
        Path file = content.pictures().get(key);
        String alt = SECTION_TITLES.getOrDefault(key, key);
        if (file == null || !Files.isRegularFile(file)) {
            h.append("<p class=\"missing\">").append(escape(missing(alt, file))).append("</p>\n");
            return;
        }
        String data = Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        h.append("<p><img alt=\"").append(escape(alt)).append("\" src=\"data:")
                .append(mimeType(file)).append(";base64,").append(data).append("\"></p>\n");
    }

    private static void mdPicture(StringBuilder m, Content content, String key, Path dir) {
        Path file = content.pictures().get(key);
        String alt = SECTION_TITLES.getOrDefault(key, key);
        if (file == null || !Files.isRegularFile(file)) {
            m.append('*').append(mdText(missing(alt, file))).append("*\n\n");
            return;
        }
        m.append("![").append(mdText(alt)).append("](").append(relative(dir, file))
                .append(")\n\n");
    }

    private static String missing(String what, Path file) {
        return file == null ? what + ": picture not available."
                : what + ": picture not found (" + file + ").";
    }

    /** The picture's path relative to dir, with forward slashes and URL-escaped characters. */
    private static String relative(Path dir, Path file) {
        Path target = file.toAbsolutePath().normalize();
        String path;
        try {
            path = dir.toAbsolutePath().normalize().relativize(target).toString();
        } catch (IllegalArgumentException e) { // a different drive or file system
            path = target.toString();
        }
        StringBuilder sb = new StringBuilder();
        for (char c : path.replace('\\', '/').toCharArray()) {
            if (c == ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == '%') {
                sb.append('%').append(String.format("%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String mimeType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (name.endsWith(".gif")) {
            return "image/gif";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "image/png";
    }

    // ---- text ----------------------------------------------------------------------------------

    /**
     * Escapes text for HTML element content and attribute values.
     *
     * @param text any text
     * @return the text with {@code & < > " '} replaced by character references
     */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Text for Markdown outside code: HTML and Markdown punctuation escaped, one line. */
    private static String mdText(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : oneLine(text).toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\\', '`', '*', '_', '[', ']', '|', '#', '!' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A Markdown code span (safe for table cells): literal text, pipes escaped. */
    private static String code(String text) {
        String s = oneLine(text);
        if (s.isEmpty()) {
            return "";
        }
        int longest = 0;
        int run = 0;
        for (char c : s.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
        return fence + pad + s.replace("|", "\\|") + pad + fence;
    }

    private static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static String display(Object value) {
        if (value != null && value.getClass().isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(value); i++) {
                sb.append(i > 0 ? ", " : "").append(display(Array.get(value, i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(value);
    }

    /** " (9944 of 10000 images right, 56 wrong)", or "" with no test images: digits only, safe in HTML and Markdown. */
    private static String rightAndWrong(ConfusionMatrix matrix) {
        return matrix.total() == 0 ? ""
                : " (" + matrix.correct() + " of " + matrix.total() + " images right, " + (matrix.total() - matrix.correct()) + " wrong)";
    }

    private static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A percentage (0 to 100, not a fraction) as "98.77%"; "n/a" for NaN. */
    private static String percent(double percent) {
        return Double.isNaN(percent) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", percent);
    }

    private static String numCell(double v) {
        return "<td class=\"num\">" + fixed(v, 4) + "</td>";
    }

    private static String share(Content content, ConfusedPair p) {
        int support = 0;
        for (int c : content.confusion()[p.truth()]) {
            support += c;
        }
        return support == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2f%%", 100.0 * p.count() / support);
    }

    /** Macro precision, recall, F1, and total support. */
    private static double[] macro(List<ClassMetrics> rows) {
        double[] sum = new double[4];
        for (ClassMetrics r : rows) {
            sum[0] += r.precision();
            sum[1] += r.recall();
            sum[2] += r.f1();
            sum[3] += r.support();
        }
        for (int i = 0; i < 3; i++) {
            sum[i] /= rows.size();
        }
        return sum;
    }
}
