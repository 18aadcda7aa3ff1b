package dev.digits.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Evaluation;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.model.Precision;
import dev.digits.internal.run.EpochRow;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.RunFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real training on real MNIST with the real engine: a subset and a small width, so it runs in well under a minute. */
class TrainingTest {

    @TempDir
    static Path tmp;

    static Path run;
    static Training.Result result;
    static String printed;

    static Recipe small(int limit, int epochs, int validation, long seed) {
        return small(limit, epochs, validation, seed, Precision.FP32);
    }

    static Recipe small(int limit, int epochs, int validation, long seed, Precision precision) {
        Recipe f = Preset.FAST.recipe();
        return new Recipe(Preset.FAST, f.family(), 16, 128, seed, precision, f.optimiser(), f.annealing(), f.augmentation(),
                new Recipe.Stopping(epochs, Double.NaN, Recipe.Stopping.On.VALIDATION),
                new Recipe.Data(Mnist.BUNDLED, validation, limit)).validate();
    }

    static Training.Result train(Recipe recipe, Path dir, ByteArrayOutputStream log) throws IOException {
        return new Training(recipe, RunFolder.createExact(dir), new PrintStream(log, true), false).run();
    }

    @BeforeAll
    static void trainOnce() throws IOException {
        run = tmp.resolve("run");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        result = train(small(12_000, 3, 1_000, 42), run, log);
        printed = log.toString();
    }

    @Test
    void aShortRunOnRealMnistReaches97PercentOnTheTestSet() {
        assertThat(result.finalTest().accuracy()).isGreaterThanOrEqualTo(97.0);
        assertThat(result.history()).hasSize(3);
        // the loss goes down as it learns
        assertThat(result.history().get(2).trainLoss()).isLessThan(result.history().get(0).trainLoss());
    }

    @Test
    void theRunFolderHoldsWeightsDescriptionMetricsAndConfiguration() throws IOException {
        for (String f : List.of("model.params", "best.params", "model.json", "metrics.csv", "config.json")) {
            assertThat(run.resolve(f)).isNotEmptyFile();
        }
        List<EpochRow> rows = EpochRow.readCsv(run.resolve("metrics.csv"));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2).testAccuracy()).isCloseTo(result.finalTest().accuracy(), within(1e-4)); // as written: 7 significant digits
        ModelInfo info = new RunFolder(run).readInfo();
        assertThat(info.architecture()).isEqualTo(dev.digits.internal.model.Architecture.fast(16));
        assertThat(info.metrics().epochsCompleted()).isEqualTo(3);
        assertThat(info.metrics().testAccuracy()).isEqualTo(result.finalTest().accuracy());
        assertThat(info.input()).isEqualTo(dev.digits.internal.model.InputContract.MNIST);
        try (var files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void progressAndEpochLinesArePrintedAsPlainLinesWhenNotATerminal() {
        assertThat(printed).doesNotContain("\r");
        assertThat(printed).containsPattern("epoch  1/3 \\[#+\\] 86/86 .* batch/s loss=\\d+\\.\\d{4} acc=\\d+\\.\\d\\d%");
        assertThat(printed).containsPattern("epoch 3: train loss \\d\\.\\d{4} acc \\d+\\.\\d\\d%  val loss \\d\\.\\d{4} acc \\d+\\.\\d\\d%  test loss \\d\\.\\d{4} acc \\d+\\.\\d\\d%  lr \\S+  \\d+\\.\\ds");
    }

    @Test
    void aReloadedModelGivesTheSameAccuracyAndIdenticalProbabilities() {
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST);
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 200; i++) images.add(test.image(i));
        try (DigitClassifier a = DigitClassifier.load(new RunFolder(run)); DigitClassifier b = DigitClassifier.load(new RunFolder(run))) {
            Evaluation e = Evaluation.of(a, test);
            assertThat(e.accuracy()).isEqualTo(result.finalTest().accuracy());
            assertThat(e.predicted()).containsExactly(result.finalTest().predicted());
            List<Prediction> pa = a.classify(images);
            List<Prediction> pb = b.classify(images);
            for (int i = 0; i < images.size(); i++) {
                assertThat(pa.get(i).probabilities()).containsExactly(pb.get(i).probabilities());
            }
        }
    }

    /**
     * Mixed precision learns as well as float32 (the same short run, within a point), records its
     * precision, and its saved model, evaluated in float32 as every loaded model is, scores exactly
     * what the run reported.
     */
    @Test
    void aBf16RunLearnsAsWellAndItsSavedModelScoresWhatItReported() throws IOException {
        // Without bf16 instructions libtorch emulates bf16: this test alone then took 3-5 minutes on
        // an AVX2-only CPU, half the suite's budget; Bf16ConvTest still checks bf16 steps there.
        org.junit.jupiter.api.Assumptions.assumeTrue(Precision.cpuHasBf16(),
                "this CPU has no bf16 instructions (avx512_bf16 or amx_bf16): bf16 training would be emulated");
        Path dir = tmp.resolve("bf16");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Training.Result bf16 = train(small(12_000, 3, 1_000, 42, Precision.BF16), dir, log);
        assertThat(log.toString()).contains("engine threads, convolutions in bf16");
        assertThat(printed).doesNotContain("bf16");
        assertThat(bf16.finalTest().accuracy()).isGreaterThanOrEqualTo(97.0)
                .isCloseTo(result.finalTest().accuracy(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(bf16.finalTest().predicted()).isNotEqualTo(result.finalTest().predicted()); // it did train differently
        assertThat(Files.readString(dir.resolve("config.json"))).contains("\"precision\": \"bf16\"");
        try (DigitClassifier c = DigitClassifier.load(new RunFolder(dir))) {
            assertThat(Evaluation.of(c, Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST)).accuracy())
                    .isEqualTo(bf16.finalTest().accuracy());
        }
    }

    /**
     * The same seed gives the same run, bit for bit, and another seed does not. libtorch 2.7.1 here
     * has, rarely and only with the cores oversubscribed, trained a different run from the same seed
     * (once in CI; once in about 60 runs here under a load of 3-8 busy processes; never on an idle
     * machine: docs/history.md, "Same seed, same run"). So a pair that differs is trained again, up
     * to {@link #PAIRS} pairs, and the test fails when no pair agrees, as it would for any
     * nondeterminism of our own (data order, augmentation, dropout masks, initialisation).
     */
    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedDoesNot() throws IOException {
        Recipe r = small(1_500, 1, 500, 7);
        Path a = null;
        Path b = null;
        for (int pair = 0; pair < PAIRS; pair++) {
            a = tmp.resolve("a" + pair);
            b = tmp.resolve("b" + pair);
            train(r, a, new ByteArrayOutputStream());
            train(r, b, new ByteArrayOutputStream());
            if (sameRun(a, b)) break;
        }
        train(small(1_500, 1, 500, 8), tmp.resolve("c"), new ByteArrayOutputStream());
        assertThat(withoutTimes(a)).isEqualTo(withoutTimes(b));
        assertThat(Files.readAllBytes(a.resolve("model.params"))).isEqualTo(Files.readAllBytes(b.resolve("model.params")));
        assertThat(withoutTimes(a)).isNotEqualTo(withoutTimes(tmp.resolve("c")));
    }

    /**
     * A run whose loss becomes NaN stops at that batch with a one-line error that says what the
     * folder keeps, instead of training on to NaN weights (a rate of 9.9 with weight decay 9 does it
     * within the first epoch).
     */
    @Test
    void aRunThatDivergesStopsAtOnceAndSaysWhatItKept() throws IOException {
        Recipe s = small(2_000, 2, 500, 7);
        Recipe wild = new Recipe(s.preset(), s.family(), s.width(), s.batchSize(), s.seed(), s.precision(),
                new Recipe.Optimiser(9.9, 9, 0), s.annealing(), s.augmentation(), s.stopping(), s.data()).validate();
        Path dir = tmp.resolve("diverged");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> train(wild, dir, new ByteArrayOutputStream()))
                .isInstanceOf(dev.digits.internal.model.ModelException.class)
                .hasMessageMatching("the training diverged: the loss of epoch 1, batch \\d+ is not a number \\(learning rate \\S+\\); "
                        + java.util.regex.Pattern.quote(dir.toString()) + " keeps no completed epoch: train again with a lower --lr");
        assertThat(dir.resolve("model.json")).doesNotExist();
    }

    /** Same-seed pairs trained before {@link #theSameSeedGivesTheSameRunAndAnotherSeedDoesNot} gives up. */
    static final int PAIRS = 3;

    static boolean sameRun(Path a, Path b) throws IOException {
        return withoutTimes(a).equals(withoutTimes(b))
                && java.util.Arrays.equals(Files.readAllBytes(a.resolve("model.params")), Files.readAllBytes(b.resolve("model.params")));
    }

    /** metrics.csv without the two time columns. */
    static List<String> withoutTimes(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("metrics.csv")).stream()
                .map(line -> String.join(",", List.of(line.split(",", -1)).subList(0, 8)))
                .toList();
    }
}
