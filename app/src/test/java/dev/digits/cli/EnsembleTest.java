package dev.digits.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mnist ensemble}: a model folder whose answer is the mean of its members' probabilities. */
class EnsembleTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixture-model");

    @TempDir
    Path tmp;

    @Test
    void theEnsembleAveragesItsMembersAndLoadsLikeAnyModel() throws IOException {
        Path small = tmp.resolve("small");
        CliTest.Outcome trained = CliTest.run("train", "--limit", "1500", "--validation", "300", "--epochs", "1", "--seed", "3",
                "--out", small.toString());
        assertThat(trained.code()).as(trained.err()).isZero();
        Path out = tmp.resolve("ensemble");
        CliTest.Outcome made = CliTest.run("ensemble", FIXTURE.toString(), small.toString(), "--out", out.toString());
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).containsPattern("member " + FIXTURE + ": test accuracy 9\\d\\.\\d\\d%")
                .contains("ensemble of 2: test accuracy ");

        ModelInfo info = new RunFolder(out).readInfo();
        assertThat(info.members()).containsExactly("members/1", "members/2");
        assertThat(info.metrics().testAccuracy()).isGreaterThan(90.0);
        assertThat(info.command()).startsWith("./mnist ensemble ");
        assertThat(out.resolve("members/2/model.params")).hasSameBinaryContentAs(small.resolve("model.params"));
        assertThat(out.resolve("members/1").resolve(RunFolder.LOCK)).as("the ensemble's own claim covers its members").doesNotExist();

        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(300);
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) images.add(test.image(i));
        try (DigitClassifier a = DigitClassifier.load(new RunFolder(FIXTURE));
             DigitClassifier b = DigitClassifier.load(new RunFolder(small));
             DigitClassifier both = DigitClassifier.load(new RunFolder(out))) {
            List<Prediction> pa = a.classify(images);
            List<Prediction> pb = b.classify(images);
            List<Prediction> pe = both.classify(images);
            int differs = 0;
            for (int i = 0; i < images.size(); i++) {
                for (int c = 0; c < 10; c++) {
                    float mean = (pa.get(i).probabilities()[c] + pb.get(i).probabilities()[c]) / 2;
                    assertThat(pe.get(i).probabilities()[c]).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-6f));
                }
                if (pa.get(i).digit() != pb.get(i).digit()) differs++;
            }
            assertThat(differs).as("the two members disagree somewhere, so the test can tell").isPositive();
        }
        CliTest.Outcome eval = CliTest.run("eval", "--model", out.toString(), "--out", tmp.resolve("eval").toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("test accuracy " + String.format("%.2f%%", info.metrics().testAccuracy()));
        // an ensemble is its members' final weights: best.params is none of them
        CliTest.Outcome best = CliTest.run("eval", "--model", out.toString(), "--weights", "best", "--out", tmp.resolve("best").toString());
        assertThat(best.code()).isNotZero();
        assertThat(best.err().strip()).doesNotContain("\n").contains("an ensemble is made of its members' final weights");
    }

    @Test
    void oneRunWithViewsReadsEachDigitMovedAndAveragesTheAnswers() throws IOException {
        Path out = tmp.resolve("views");
        CliTest.Outcome made = CliTest.run("ensemble", FIXTURE.toString(), "--views", "5", "--no-usps", "--out", out.toString());
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains("ensemble of 1 x 5 views: test accuracy ");
        assertThat(Files.readString(out.resolve("model.json"))).contains("\"test_time_views\": 5");
        assertThat(new RunFolder(out).readInfo().command()).endsWith(" --views 5 --out " + out);

        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(200);
        int[][] moves = {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        try (DigitClassifier plain = DigitClassifier.load(new RunFolder(FIXTURE));
             DigitClassifier viewed = DigitClassifier.load(new RunFolder(out))) {
            List<List<Prediction>> answers = new ArrayList<>();
            for (int[] m : moves) {
                List<byte[]> moved = new ArrayList<>();
                for (int i = 0; i < test.size(); i++) moved.add(moved(test.image(i), m[0], m[1]));
                answers.add(plain.classify(moved));
            }
            List<byte[]> images = new ArrayList<>();
            for (int i = 0; i < test.size(); i++) images.add(test.image(i));
            List<Prediction> pv = viewed.classify(images);
            int changed = 0;
            for (int i = 0; i < test.size(); i++) {
                for (int c = 0; c < 10; c++) {
                    float mean = 0;
                    for (List<Prediction> a : answers) mean += a.get(i).probabilities()[c] / moves.length;
                    assertThat(pv.get(i).probabilities()[c]).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-6f));
                }
                if (pv.get(i).probabilities()[pv.get(i).digit()] != answers.get(0).get(i).probabilities()[pv.get(i).digit()]) changed++;
            }
            assertThat(changed).as("the views change the probabilities").isPositive();
            // predict, read and serve answer through analyse (the answers with the gate's features): the same answers
            byte[] packed = new byte[images.size() * 784];
            for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i), 0, packed, i * 784, 784);
            Prediction[] analysed = viewed.analyse(packed, images.size()).predictions();
            for (int i = 0; i < test.size(); i++) {
                assertThat(analysed[i].probabilities()).as("image %d", i).containsExactly(pv.get(i).probabilities());
            }
            viewed.close();
            assertThatThrownBy(() -> viewed.analyse(packed, 1)).hasMessage("the model is closed");
        }
        CliTest.Outcome nine = CliTest.run("ensemble", FIXTURE.toString(), "--views", "4", "--out", tmp.resolve("four").toString());
        assertThat(nine.code()).isEqualTo(2);
        assertThat(nine.err()).startsWith("error: views must be 1, 5 or 9, got 4");
        assertThat(tmp.resolve("four")).doesNotExist();
    }

    /** An independent move of a 28x28 image by (dx, dy), background filling in. */
    static byte[] moved(byte[] image, int dx, int dy) {
        byte[] out = new byte[784];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if (x - dx >= 0 && x - dx < 28 && y - dy >= 0 && y - dy < 28) out[y * 28 + x] = image[(y - dy) * 28 + x - dx];
            }
        }
        return out;
    }

    @Test
    void oneRunIsNotAnEnsembleAndABadMemberWritesNothing() throws IOException {
        CliTest.Outcome one = CliTest.run("ensemble", FIXTURE.toString(), "--out", tmp.resolve("one").toString());
        assertThat(one.code()).isEqualTo(2);
        assertThat(one.err()).startsWith("error: an ensemble needs two or more run folders, or one with --views 5 or 9");
        assertThat(tmp.resolve("one")).doesNotExist();
        CliTest.Outcome bad = CliTest.run("ensemble", FIXTURE.toString(), tmp.resolve("nope").toString(), "--out", tmp.resolve("two").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("error: " + tmp.resolve("nope") + ": not a run folder (no such folder)" + System.lineSeparator());
        assertThat(Files.exists(tmp.resolve("two"))).isFalse();
        CliTest.Outcome twice = CliTest.run("ensemble", FIXTURE.toString(), FIXTURE.toAbsolutePath() + "/.", "--out", tmp.resolve("twice").toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).isEqualTo("error: " + FIXTURE.toAbsolutePath() + "/. is given twice: each member must be another run"
                + System.lineSeparator());
        assertThat(tmp.resolve("twice")).doesNotExist();
    }

    @Test
    void anEnsembleThatFailsOrIsKilledHalfWayLeavesNoModelAndTheSameCommandCanRunAgain() throws IOException {
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.copy(FIXTURE.resolve("model.json"), broken.resolve("model.json"));
        Files.write(broken.resolve("model.params"), java.util.Arrays.copyOf(Files.readAllBytes(FIXTURE.resolve("model.params")), 1000));
        Path out = tmp.resolve("half");
        CliTest.Outcome failed = CliTest.run("ensemble", FIXTURE.toString(), broken.toString(), "--no-usps", "--out", out.toString());
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.err().strip()).doesNotContain("\n");
        try (var left = Files.list(out)) {
            assertThat(left.map(f -> f.getFileName().toString())).as("what the failed run left").containsOnly(RunFolder.LOCK);
        }
        Files.copy(FIXTURE.resolve("model.params"), broken.resolve("model.params"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // what a run stopped by a kill, before its hook could run, leaves: its .partial
        Files.createDirectories(out.resolve(RunFolder.PARTIAL).resolve(RunFolder.MEMBERS).resolve("1"));
        Files.copy(FIXTURE.resolve("model.json"), out.resolve(RunFolder.PARTIAL).resolve(RunFolder.MEMBERS).resolve("1/model.json"));
        CliTest.Outcome again = CliTest.run("ensemble", FIXTURE.toString(), broken.toString(), "--no-usps", "--out", out.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(out.resolve(RunFolder.PARTIAL)).doesNotExist();
        assertThat(out.resolve(RunFolder.MEMBERS).resolve("2").resolve(RunFolder.INFO)).isRegularFile();
        assertThat(again.out()).contains("saved: " + out.resolve(RunFolder.INFO) + " and 2 members in " + out.resolve(RunFolder.MEMBERS));
    }

    @Test
    void anEnsembleStoppedBySigtermLeavesNeitherAModelNorItsPartialFolder() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        for (String f : List.of("model.json", "model.params")) Files.copy(FIXTURE.resolve(f), copy.resolve(f));
        Path out = tmp.resolve("stopped");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", Main.class.getName(),
                "ensemble", FIXTURE.toString(), copy.toString(), "--out", out.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
        Path copied = out.resolve(RunFolder.PARTIAL).resolve(RunFolder.MEMBERS).resolve("2").resolve(RunFolder.INFO);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(copied) && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(copied).as("the second member copied before the signal").exists();
        assertThat(out.resolve(RunFolder.INFO)).as("the ensemble not yet written").doesNotExist();
        child.destroy(); // SIGTERM while the members are evaluated (10,000 digits each, and USPS's 2,007)
        assertThat(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(tmp.resolve("log"))).isEqualTo(143);
        try (var left = Files.list(out)) {
            assertThat(left.map(f -> f.getFileName().toString())).containsOnly(RunFolder.LOCK);
        }
    }
}
