package dev.digits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.cli.CliTest.Outcome;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mnist experiment} end to end with the real engine, made as small as a sweep can be:
 * two variants of the ablation, one seed, one epoch on 400 images (a few seconds a run, most of it
 * the test set's evaluation). Welch's test itself is SummaryTest's.
 */
class ExperimentCommandTest {

    @TempDir
    Path tmp;

    static final String[] SMALL = {"--quick", "--limit", "400", "--seeds", "1"};

    static Outcome ablation(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("experiment", "ablation"));
        args.addAll(List.of(SMALL));
        args.addAll(List.of("--only", "full,no-residual", "--out", out.toString()));
        args.addAll(List.of(more));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void aQuickSweepWritesItsRunsTableAndPlotsAndAResumedOneRunsOnlyWhatIsMissing() throws IOException {
        Path out = tmp.resolve("sweep");
        Outcome first = ablation(out);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("2 runs; 0 done, 2 to run", "run 1 of 2: full, seed 42", "run 2 of 2: no-residual, seed 42",
                "time left: estimated after the first run", "time left: about");

        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).startsWith("variant,seed,final_test_accuracy,best_validation_accuracy");
        assertThat(csv.subList(1, 3)).extracting(l -> l.split(",")[0] + "/" + l.split(",")[1])
                .containsExactly("full/42", "no-residual/42");
        String summary = Files.readString(out.resolve("summary.md"));
        assertThat(summary).contains("# Experiment: ablation", "| full | the whole recipe | 1 |", "| no-residual |",
                "**not distinguishable at this many seeds**: residual connections help", "Welch's t-test needs at least 2 runs");
        for (String png : List.of("accuracy.png", "validation-curves.png")) {
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertThat(image.getWidth()).as(png).isGreaterThan(500);
        }
        for (String run : List.of("full/seed-42", "no-residual/seed-42")) {
            for (String file : List.of("model.json", "config.json", "metrics.csv", "model.params", "best.params")) {
                assertThat(out.resolve(run).resolve(file)).isRegularFile();
            }
            assertThat(out.resolve(run).resolve("resume")).doesNotExist();
        }
        assertThat(Files.readString(out.resolve("no-residual/seed-42/config.json"))).contains("\"removed\"", "shortcuts");

        // an interrupted sweep: one run gone, another left half-written; the rest is kept as it is
        Path kept = out.resolve("full/seed-42/model.params");
        FileTime keptTime = Files.getLastModifiedTime(kept);
        deleteTree(out.resolve("no-residual/seed-42"));
        Files.createDirectories(out.resolve("no-residual/seed-42.partial"));
        Files.writeString(out.resolve("no-residual/seed-42.partial/model.json"), "{half");
        Outcome resumed = ablation(out);
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("1 done, 1 to run", "run 1 of 1: no-residual, seed 42").doesNotContain("run 2 of");
        assertThat(Files.getLastModifiedTime(kept)).isEqualTo(keptTime);
        assertThat(out.resolve("no-residual/seed-42/model.params")).isRegularFile();
        assertThat(out.resolve("no-residual/seed-42.partial")).doesNotExist();
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(3);

        Outcome again = ablation(out);
        assertThat(again.out()).contains("2 done, 0 to run").doesNotContain("== run");

        Outcome other = ablation(out, "--epochs", "2");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("was trained with another recipe (epochs differ); give this sweep another --out");
    }

    @Test
    void theDepthSweepRecordsAndPlotsGradientNormsOfItsDeepestNetworks() throws IOException {
        Path out = tmp.resolve("depth");
        Outcome o = CliTest.run("experiment", "depth", "--quick", "--limit", "400", "--seeds", "1", "--values", "1",
                "--only", "plain-1", "--out", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        List<String> gradients = Files.readAllLines(out.resolve("plain-1/seed-42/gradients.csv"));
        // 360 training images: 3 steps, one norm per convolution (stem and two per block: no projections without shortcuts)
        assertThat(gradients).hasSize(4);
        assertThat(gradients.get(0).split(",")).hasSize(1 + 7);
        assertThat(Double.parseDouble(gradients.get(1).split(",")[1])).isPositive();
        assertThat(ImageIO.read(out.resolve("gradient-norms.png").toFile()).getWidth()).isGreaterThan(500);
        assertThat(Files.readString(out.resolve("summary.md"))).contains("No claim compares the variants run here.");
    }

    @Test
    void badRequestsGetOneLineAndExitCode2() {
        for (String[] args : List.of(new String[] {"experiment", "width"}, new String[] {"experiment", "ablation", "--values", "3"},
                new String[] {"experiment", "depth", "--seeds", "0"}, new String[] {"experiment", "depth", "--only", "plain-3"},
                new String[] {"experiment", "depth", "--width", "24"})) {
            Outcome o = CliTest.run(args);
            assertThat(o.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(o.err().strip().lines()).as(String.join(" ", args)).hasSize(1).allMatch(l -> l.startsWith("error: "));
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
