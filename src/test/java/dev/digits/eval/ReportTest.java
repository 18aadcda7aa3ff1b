package dev.digits.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        ConfusionMatrix matrix = ConfusionMatrix.of(ChartsTest.realisticCounts());
        return Report.Content.of("MNIST ResNet <small> report", config, 0.0312, matrix,
                pictures);
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
        int images = 0;
        while (refs.find()) {
            assertThat(refs.group(1)).matches("data:image/png;base64,.*|#[a-z-]+");
            images += refs.group(1).startsWith("data:") ? 1 : 0;
        }
        assertThat(images).isEqualTo(3);
        assertThat(html).doesNotContain("<link").doesNotContain("<script")
                .doesNotContain("@import").doesNotContain("url(");

        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                + "&quot;quotes&quot;");
        assertThat(html).contains("<title>MNIST ResNet &lt;small&gt; report</title>");
        assertThat(html).contains("[16, 32, 64]");
        assertThat(html).contains("98.77%").contains("9877 of 10000");
        assertThat(html).contains("<pre>true\\pred");

        Matcher data = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html);
        assertThat(data.find()).isTrue();
        assertThat(Base64.getDecoder().decode(data.group(1)))
                .isEqualTo(Files.readAllBytes(pictures.get(Report.TRAINING_CURVES)));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
        ChartsTest.preview(dir.resolve("report.html"));
    }

    @Test
    void markdownHasTheTablesAndRelativePictures() throws IOException {
        Report.write(content(pictures()), dir);
        String md = Files.readString(dir.resolve("report.md"));

        assertThat(md).startsWith("# MNIST ResNet &lt;small&gt; report\n");
        assertThat(md).contains("| Digit | Precision | Recall | F1 | Support |");
        assertThat(md).contains("| 0 | 0.9959 | 0.9929 | 0.9944 | 980 |");
        assertThat(md).contains(ConfusionMatrix.of(ChartsTest.realisticCounts()).toTable());
        assertThat(md).contains("| 1 | 4 | 9 | 11 | 1.12% |");
        assertThat(md).contains("![Training curves](training_curves.png)");
        assertThat(md).contains("![Confusion matrix](confusion_matrix.png)");
        assertThat(md).contains("![Mistakes](figures/mistakes.png)");
        assertThat(md).contains("| `note` | `<script>alert('x')</script> & \"quotes\" \\| pipe` |");
        assertThat(md).doesNotContain("data:image");
        ChartsTest.preview(dir.resolve("report.md"));
    }

    @Test
    void missingPicturesAreSaidNotFatal() throws IOException {
        Map<String, Path> pictures = Map.of(Report.MISTAKES, dir.resolve("gone.png"));
        Report.write(content(pictures), dir);
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("Training curves: picture not available.")
                .contains("Mistakes: picture not found");
        assertThat(Files.readString(dir.resolve("report.md")))
                .contains("Training curves: picture not available.");
    }

    @Test
    void accuracyIsAPercentage() {
        assertThatThrownBy(() -> new Report.Content("t", Map.of(), 0.1, 100.5,
                new int[10][10], List.of(), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percentage");
    }
}
