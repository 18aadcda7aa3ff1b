package dev.digits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mnist eval} on the fixture model: the robustness table, the ECE and their pictures. */
class EvalRobustnessTest {

    @TempDir
    Path tmp;

    @Test
    void evalWritesTheRobustnessAndReliabilityPictures() throws IOException {
        Path out = tmp.resolve("eval");
        CliTest.Outcome o = CliTest.run("eval", "--model", "src/test/resources/fixture-model",
                "--out", out.toString(), "--robustness-limit", "300");
        assertThat(o.code()).as(o.err()).isZero();

        List<String> lines = o.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("test images"))
                .findFirst().orElseThrow());
        assertThat(lines.get(header - 1)).startsWith("robustness: ").contains("(300 test images "
                + "per set, spread evenly over the test set; random draws seeded with 42)");
        assertThat(lines.get(header + 1)).matches("clean +\\d+\\.\\d\\d% +\\d+\\.\\d\\d%");
        assertThat(lines.subList(header + 2, header + 15)).allMatch(
                l -> l.matches(".+ +\\d+\\.\\d\\d% +[+-]\\d+\\.\\d\\d +\\d+\\.\\d\\d%"));
        assertThat(lines.get(header + 14)).startsWith("inverted, preprocessed");
        assertThat(o.out()).containsPattern("expected calibration error \\(ECE\\) \\d+\\.\\d\\d% "
                + "\\(15 equal-width confidence bins, 10000 clean test images\\)");
        assertThat(o.out()).containsPattern("robustness: 13 shifted sets of 300 images in "
                + "\\d+\\.\\d s \\(--robustness-limit\\)");

        for (String name : List.of("robustness.png", "reliability.png")) {
            BufferedImage image = ImageIO.read(out.resolve(name).toFile());
            assertThat(image).as(name).isNotNull();
            assertThat(image.getWidth()).isEqualTo(1000);
        }
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("![Robustness](robustness.png)",
                "![Reliability diagram](reliability.png)", "| clean |", "| inverted, preprocessed |");
    }

    @Test
    void aNegativeLimitIsABadFlag() {
        CliTest.Outcome o = CliTest.run("eval", "--model", "src/test/resources/fixture-model",
                "--robustness-limit", "-1");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).startsWith("error: --robustness-limit must be 0 (all) or a positive "
                + "number of images, got -1");
        assertThat(CliTest.run("eval", "--help").out()).contains("--robustness-limit");
    }
}
