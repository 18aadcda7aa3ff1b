package dev.digits.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.TestDigits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path dir;

    private Report.Content content(Map<String, Path> pictures) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "resnet-small");
        config.put("epochs", 15);
        config.put("widths", new int[] {16, 32, 64});
        config.put("note", "<script>alert('x')</script> & \"quotes\" | pipe");
        return new Report.Content("MNIST ResNet <small> report", config, 0.0312,
                ChartsTest.realisticMatrix(), pictures);
    }

    private Map<String, Path> pictures() throws IOException {
        Map<String, Path> pictures = new LinkedHashMap<>();
        Path curves = dir.resolve("training_curves.png");
        Charts.trainingCurves(ChartsTest.realisticRows(false), curves);
        pictures.put(Report.TRAINING_CURVES, curves);
        Path confusion = dir.resolve("confusion_matrix.png");
        Charts.confusionMatrix(ChartsTest.realisticMatrix(), confusion);
        pictures.put(Report.CONFUSION_MATRIX, confusion);
        Random random = new Random(5);
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            images.add(TestDigits.glyph(i % 10, random));
        }
        int[] truth = new int[12];
        int[] predicted = new int[12];
        float[] confidence = new float[12];
        for (int i = 0; i < 12; i++) {
            truth[i] = i % 10;
            predicted[i] = (i + 1) % 10;
            confidence[i] = 0.9f - i * 0.05f;
        }
        Path mistakes = dir.resolve("figures/mistakes.png");
        DigitGrid.misclassified(images.toArray(byte[][]::new), truth, predicted, confidence,
                mistakes);
        pictures.put(Report.MISTAKES, mistakes);
        return pictures;
    }

    @Test
    void htmlIsSelfContainedAndEscaped() throws IOException {
        Map<String, Path> pictures = pictures();
        Report.write(content(pictures), dir);
        String html = Files.readString(dir.resolve("report.html"));

        assertThat(html).doesNotContain("http://").doesNotContain("https://");
        Matcher refs = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        List<byte[]> inlined = new ArrayList<>();
        while (refs.find()) {
            String ref = refs.group(1);
            assertThat(ref).matches("data:image/png;base64,[A-Za-z0-9+/=]+|#[a-z-]+");
            if (ref.startsWith("data:")) {
                inlined.add(Base64.getDecoder().decode(ref.substring(ref.indexOf(',') + 1)));
            } else {
                assertThat(html).as("the target of " + ref)
                        .contains("<h2 id=\"" + ref.substring(1) + "\">");
            }
        }
        assertThat(inlined).as("the three pictures, in order").hasSize(3);
        List<String> order = List.of(Report.TRAINING_CURVES, Report.CONFUSION_MATRIX,
                Report.MISTAKES);
        for (int i = 0; i < 3; i++) {
            assertThat(inlined.get(i)).as(order.get(i))
                    .isEqualTo(Files.readAllBytes(pictures.get(order.get(i))));
        }
        assertThat(html).doesNotContain("<link").doesNotContain("<script")
                .doesNotContain("@import").doesNotContain("url(");

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("<table>")
                .contains("border: 1px solid");
        assertThat(html).contains("<code>&lt;script&gt;alert('x')&lt;/script&gt; &amp; "
                + "&quot;quotes&quot; | pipe</code>");
        assertThat(html).contains("<title>MNIST ResNet &lt;small&gt; report</title>")
                .contains("<h1>MNIST ResNet &lt;small&gt; report</h1>");
        assertThat(html).contains("[16, 32, 64]");
        assertThat(html).contains("98.77%").contains("9877 of 10000 images right, 123 wrong");
        assertThat(html).contains("<pre><code class=\"language-text\">"
                + ChartsTest.realisticMatrix().toTable() + "</code></pre>");

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
        ChartsTest.preview(dir.resolve("report.html"));
    }

    @Test
    void theContentsLinkSamplePredictionsWhenTheReportHasThem() throws IOException {
        Map<String, Path> pictures = pictures();
        Report.write(content(pictures), dir);
        assertThat(Files.readString(dir.resolve("report.md"))).doesNotContain("Sample predictions");
        Path predictions = dir.resolve("predictions.png");
        byte[][] images = {TestDigits.glyph(3, new Random(1)), TestDigits.glyph(5, new Random(2))};
        DigitGrid.predictions(images, new int[] {3, 5}, new int[] {3, 5}, predictions);
        pictures.put(Report.PREDICTIONS, predictions);
        Report.write(content(pictures), dir);
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("[Sample predictions](#sample-predictions) · [Mistakes](#mistakes)", "## Sample predictions");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<h2 id=\"sample-predictions\">");
    }

    @Test
    void markdownHasTheTablesAndRelativePictures() throws IOException {
        Report.write(content(pictures()), dir);
        String md = Files.readString(dir.resolve("report.md"));

        assertThat(md).startsWith("# MNIST ResNet &lt;small&gt; report\n");
        assertThat(md).contains("- Test accuracy: **98.77%** (9877 of 10000 images right, "
                + "123 wrong)");
        assertThat(md).contains("| Digit | Precision | Recall | F1 | Support |");
        assertThat(md).contains("| 0 | 0.9959 | 0.9929 | 0.9944 | 980 |");
        assertThat(md).contains("| **macro average** |").contains(" | 10000 |");
        assertThat(md).contains(ChartsTest.realisticMatrix().toTable());
        assertThat(md).contains("| 1 | 4 | 9 | 11 | 1.12% |");
        assertThat(md).contains("![Training curves](training_curves.png)");
        assertThat(md).contains("![Confusion matrix](confusion_matrix.png)");
        assertThat(md).contains("![Mistakes](figures/mistakes.png)");
        assertThat(md).contains("| `note` | `<script>alert('x')</script> & \"quotes\" \\| pipe` |");
        assertThat(md).contains("(#most-confused-pairs)");
        assertThat(md).doesNotContain("data:image");
        ChartsTest.preview(dir.resolve("report.md"));
    }

    @Test
    void theHtmlTablesAreTheMarkdownTables() throws IOException {
        Report.write(content(pictures()), dir);
        List<List<String>> fromMarkdown = markdownRows(Files.readString(dir.resolve("report.md")));
        List<List<String>> fromHtml = htmlRows(Files.readString(dir.resolve("report.html")));

        // configuration 1 + 4, per digit 1 + 10 + 1, most confused 1 + 10
        assertThat(fromMarkdown).hasSize(28);
        assertThat(fromMarkdown).contains(List.of("0", "0.9959", "0.9929", "0.9944", "980"),
                List.of("1", "4", "9", "11", "1.12%"),
                List.of("note", "<script>alert('x')</script> & \"quotes\" | pipe"));
        assertThat(fromHtml).isEqualTo(fromMarkdown);
    }

    @Test
    void missingPicturesAreSaidNotFatal() throws IOException {
        Map<String, Path> pictures = Map.of(Report.MISTAKES, dir.resolve("gone.png"));
        Report.write(content(pictures), dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("Training curves: picture not available.")
                .contains("Mistakes: picture not found").doesNotContain("<img");
        assertThat(Files.readString(dir.resolve("report.md")))
                .contains("Training curves: picture not available.")
                .contains("Mistakes: picture not found");
    }

    @Test
    void accuracyIsShownInPercent() throws IOException {
        int[][] counts = new int[10][10];
        counts[3][3] = 1;
        counts[3][5] = 3;
        Report.Content content = new Report.Content("t", Map.of(), 1.5,
                ConfusionMatrix.of(counts), Map.of());
        String md = Report.markdown(content, dir);
        assertThat(md).contains("Test accuracy: **25.00%** (1 of 4 images right, 3 wrong)")
                .contains("| 1 | 3 | 5 | 3 | 75.00% |");
        assertThat(Report.html(content, dir)).contains("25.00%");
    }

    @Test
    void theContentKeepsItsOwnCopyOfTheMatrix() {
        ConfusionMatrix matrix = new ConfusionMatrix();
        matrix.add(1, 1);
        Report.Content content = new Report.Content("t", null, Double.NaN, matrix, null);
        matrix.add(1, 7);
        assertThat(content.matrix().total()).isEqualTo(1);
        assertThat(Report.markdown(content, dir)).contains("Test loss: **n/a**")
                .contains("No mistakes.");
    }

    @Test
    void robustnessAndCalibrationHaveTheirTablesAndPictures() throws IOException {
        Robustness robustness = RobustnessChartsTest.robustness();
        Calibration calibration = RobustnessChartsTest.calibration();
        Map<String, Path> pictures = pictures();
        Path bars = dir.resolve("robustness.png");
        RobustnessCharts.robustness(robustness, bars);
        pictures.put(Report.ROBUSTNESS, bars);
        Path reliability = dir.resolve("reliability.png");
        RobustnessCharts.reliability(calibration, reliability);
        pictures.put(Report.RELIABILITY, reliability);
        Report.Content content = new Report.Content("t", Map.of(), 0.03,
                ChartsTest.realisticMatrix(), pictures, java.util.List.of(), robustness, calibration);
        Report.write(content, dir);

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("## Robustness\n\n", "## Calibration\n\n",
                "(#robustness)", "(#calibration)");
        assertThat(md).contains("| Test images | Accuracy | Change | Mean confidence |",
                "| clean | 99.19% |  | 88.85% |", "| rotated +15 deg | 98.00% | -1.19 | 87.73% |",
                "| Gaussian noise, sigma 0.2 | 10.90% | -88.29 | 90.11% |");
        assertThat(md.indexOf("| clean |")).as("clean first")
                .isLessThan(md.indexOf("| rotated"));
        assertThat(md).contains("![Robustness](robustness.png)",
                "![Reliability diagram](reliability.png)");
        assertThat(md).contains("Expected calibration error (ECE): **11.00%**",
                "15 equal-width confidence bins", "| 93.3-100.0% | 4 | 95.00% | 75.00% | -20.00 |");
        assertThat(md).doesNotContain("Other figures");

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<h2 id=\"robustness\">", "<h2 id=\"calibration\">");
        for (String key : List.of(Report.ROBUSTNESS, Report.RELIABILITY)) {
            assertThat(html).as(key).contains(Base64.getEncoder()
                    .encodeToString(Files.readAllBytes(pictures.get(key))));
        }
        assertThat(htmlRows(html)).isEqualTo(markdownRows(md));
        ChartsTest.preview(dir.resolve("report.html"));
    }

    @Test
    void withoutThemTheSectionsSaySo() {
        String md = Report.markdown(content(Map.of()), dir);
        assertThat(md).contains("## Robustness\n\n*Robustness: not measured here",
                "## Calibration\n\n*Calibration: not measured.*");
    }

    // ---- tables as cell texts ----

    /** The rows of every Markdown table (separator lines left out), cells as plain text. */
    private static List<List<String>> markdownRows(String md) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : md.split("\n")) {
            if (line.startsWith("|") && !line.matches("[|:\\- ]+")) {
                List<String> cells = new ArrayList<>();
                for (String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|")) {
                    cells.add(cell.strip().replaceAll("^`|`$|\\*\\*", "").replace("\\|", "|"));
                }
                rows.add(cells);
            }
        }
        return rows;
    }

    /** The rows of every HTML table, cells with their tags removed and entities decoded. */
    private static List<List<String>> htmlRows(String html) {
        List<List<String>> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(html);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<t[hd][^>]*>(.*?)</t[hd]>", Pattern.DOTALL)
                    .matcher(row.group(1));
            while (cell.find()) {
                cells.add(cell.group(1).replaceAll("<[^>]+>", "").replace("&lt;", "<")
                        .replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
                        .strip());
            }
            rows.add(cells);
        }
        return rows;
    }
}
