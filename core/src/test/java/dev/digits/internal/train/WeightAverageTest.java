package dev.digits.internal.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.nn.Parameter;
import dev.digits.internal.data.Batch;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.Precision;
import dev.digits.internal.run.Checkpoint;
import dev.digits.internal.run.ResumeState;
import dev.digits.internal.run.RunFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --ema}: the moving average of the weights, its saving and its resumption, with the real engine. */
class WeightAverageTest {

    @TempDir
    Path tmp;

    @Test
    void theDecayGrowsFromATenthToTheGivenOne() {
        assertThat(WeightAverage.decayAt(0.999, 0)).isEqualTo(0.1);
        assertThat(WeightAverage.decayAt(0.999, 90)).isEqualTo(0.91);
        assertThat(WeightAverage.decayAt(0.999, 1_000_000)).isEqualTo(0.999);
        assertThat(WeightAverage.decayAt(0.5, 10)).isEqualTo(0.5);
    }

    /**
     * After one step, every array of the average (batch norm's running statistics too) is d * before
     * + (1 - d) * trained; also when the trained network is bf16's, whose blocks differ from the
     * float32 average's (the next test, where the CPU has bf16 instructions: emulated, a step takes minutes).
     */
    @Test
    void anUpdateMovesEveryArrayOfTheAverageTowardTheTrainedOne() {
        averageOneStep(Precision.FP32);
    }

    @Test
    void anUpdateOfABf16NetworkMovesItsFloat32Average() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Precision.cpuHasBf16(), "no bf16 instructions: emulated, a step takes minutes");
        averageOneStep(Precision.BF16);
    }

    private static void averageOneStep(Precision precision) {
        Mnist train = Mnist.load(Mnist.BUNDLED, Mnist.Split.TRAIN).head(64);
        int[] labels = new int[64];
        float[] images = new float[64 * 28 * 28];
        for (int i = 0; i < 64; i++) {
            labels[i] = train.label(i);
            byte[] im = train.image(i);
            for (int p = 0; p < im.length; p++) images[i * im.length + p] = ((im[p] & 0xff) / 255f - 0.1307f) / 0.3081f;
        }
        Recipe.Optimiser adamW = new Recipe.Optimiser(1e-2, 0.01, 0).withEma(0.99);
        try (Learner learner = new Learner(Architecture.fast(16), precision, adamW, 64, 3, null)) {
            List<float[]> before = arrays(learner.model().getBlock().getParameters().values());
            assertThat(arrays(learner.answering().getBlock().getParameters().values())).usingRecursiveComparison().isEqualTo(before);
            learner.step(new Batch(images, labels), 1e-2, 0);
            List<float[]> trained = arrays(learner.model().getBlock().getParameters().values());
            List<float[]> average = arrays(learner.answering().getBlock().getParameters().values());
            double d = WeightAverage.decayAt(0.99, 0);
            int moved = 0;
            for (int a = 0; a < before.size(); a++) {
                for (int i = 0; i < before.get(a).length; i++) {
                    float expected = (float) (d * before.get(a)[i] + (1 - d) * trained.get(a)[i]);
                    assertThat(average.get(a)[i]).isCloseTo(expected, within(1e-5f + 1e-5f * Math.abs(expected)));
                    if (trained.get(a)[i] != before.get(a)[i]) moved++;
                }
            }
            assertThat(moved).isPositive(); // the step did change the weights
            ResumeState state = learner.state(new ResumeState.Loop(1, 0, 1, 0, java.util.Map.of()));
            assertThat(state.averaged()).isNotEqualTo(state.weights()); // both kept for --resume
            assertThat(state.modelWeights()).isEqualTo(state.averaged()); // the average answers
        }
    }

    @Test
    void aResumeStateAndARecipeThatDisagreeOnTheAverageAreRefused() {
        Recipe.Optimiser plain = new Recipe.Optimiser(1e-2, 0.01, 0);
        ResumeState.Loop loop = new ResumeState.Loop(1, 0, 1, 0, java.util.Map.of());
        ResumeState without;
        ResumeState with;
        try (Learner l = new Learner(Architecture.fast(16), Precision.FP32, plain, 64, 3, null)) {
            without = l.state(loop);
            with = new ResumeState(loop, without.optimiser(), without.weights(), without.moments(), without.weights());
        }
        assertThatThrownBy(() -> new Learner(Architecture.fast(16), Precision.FP32, plain.withEma(0.99), 64, 3, without).close())
                .isInstanceOf(dev.digits.internal.model.ModelException.class).hasMessageContaining("lacks a moving average");
        assertThatThrownBy(() -> new Learner(Architecture.fast(16), Precision.FP32, plain, 64, 3, with).close())
                .isInstanceOf(dev.digits.internal.model.ModelException.class).hasMessageContaining("holds a moving average");
    }

    /**
     * A run with the average saves and evaluates it (not the last weights), keeps both in its
     * resume state, and resumed after its first epoch ends with the bytes of a run never stopped.
     */
    @Test
    void aRunSavesTheAverageAndResumesToTheSameBytes() throws IOException {
        Recipe base = TrainingTest.small(2_000, 2, 500, 11);
        Recipe r = new Recipe(base.preset(), base.family(), base.width(), base.batchSize(), base.seed(), base.precision(),
                base.optimiser().withEma(0.9), base.annealing(), base.augmentation(), base.stopping(), base.data()).validate();
        assertThat(Recipe.fromConfig(dev.digits.internal.io.Json.FILE.toJsonTree(r.toMap()).getAsJsonObject())).isEqualTo(r);
        Path whole = null;
        Path copied = null;
        for (int attempt = 0; attempt < TrainingTest.PAIRS; attempt++) { // as TrainingTest's same-seed pairs, for libtorch's rare lapses
            Path source = tmp.resolve("whole" + attempt);
            Path target = tmp.resolve("copied" + attempt);
            whole = source;
            copied = target;
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            // when epoch 2 is reported, the folder holds epoch 1 whole and nothing of epoch 2: copy it then
            PrintStream out = new PrintStream(new LineWatcher(log, "epoch 2:", () -> copyTree(source, target)), true,
                    StandardCharsets.UTF_8);
            new Training(r, RunFolder.createExact(source), out, false).run();
            assertThat(log.toString()).contains("  without the average: val acc ");
            ResumePoint point = ResumePoint.of(new RunFolder(copied));
            assertThat(point.epochsDone()).isEqualTo(1);
            assertThat(point.state().averaged()).isNotEmpty().isNotEqualTo(point.state().weights());
            assertThat(sha256(copied.resolve("model.params"))).isEqualTo(Checkpoint.sha256(point.state().averaged()));
            new Training(point.recipe(), point.run(), new PrintStream(OutputStream.nullOutputStream()), false).run(point);
            if (TrainingTest.sameRun(whole, copied)) break;
        }
        for (String f : List.of("model.params", "best.params")) {
            assertThat(sha256(copied.resolve(f))).as(f).isEqualTo(sha256(whole.resolve(f)));
        }
        assertThat(TrainingTest.withoutTimes(copied)).isEqualTo(TrainingTest.withoutTimes(whole));
        assertThat(Files.readString(whole.resolve("config.json"))).contains("\"ema\": 0.9");
    }

    private static String sha256(Path file) throws IOException {
        return Checkpoint.sha256(Files.readAllBytes(file));
    }

    private static List<float[]> arrays(List<Parameter> parameters) {
        List<float[]> a = new ArrayList<>();
        for (Parameter p : parameters) a.add(p.getArray().toFloatArray());
        return a;
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Passes bytes on to {@code sink}, and runs {@code action} once, when a line starting with {@code prefix} is complete. */
    private static final class LineWatcher extends OutputStream {
        private final OutputStream sink;
        private final String prefix;
        private final Runnable action;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private boolean done;

        LineWatcher(OutputStream sink, String prefix, Runnable action) {
            this.sink = sink;
            this.prefix = prefix;
            this.action = action;
        }

        @Override
        public void write(int b) throws IOException {
            sink.write(b);
            if (b != '\n') {
                line.write(b);
                return;
            }
            if (!done && line.toString(StandardCharsets.UTF_8).startsWith(prefix)) {
                done = true;
                action.run();
            }
            line.reset();
        }
    }
}
