package dev.digits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digits.internal.data.Mnist;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mnist read}: text, JSON, the segments picture, and its errors. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReadCommandTest {

    static final String FIXTURE = "src/test/resources/fixture-model";

    @TempDir
    Path tmp;

    /** MNIST test digits 7 and 2, light on dark, 3x, side by side. */
    Path twoDigits() throws Exception {
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(2);
        BufferedImage img = new BufferedImage(220, 110, BufferedImage.TYPE_BYTE_GRAY);
        for (int k = 0; k < 2; k++) {
            byte[] d = test.image(k);
            for (int y = 0; y < 84; y++) {
                for (int x = 0; x < 84; x++) img.getRaster().setSample(12 + 100 * k + x, 12 + y, 0, d[(y / 3) * 28 + x / 3] & 0xff);
            }
        }
        Path file = tmp.resolve("72.png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** A gate.bin copied beside a network of other widths is refused before any picture, in one line. */
    @Test
    void aGateFromAnotherModelIsRefusedAtTheStart() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("mixed"));
        for (String f : new String[] {"model.json", "model.params"}) Files.copy(Path.of(FIXTURE, f), run.resolve(f));
        Files.copy(Path.of("models/default/gate.bin"), run.resolve("gate.bin")); // fitted on fast(32), the fixture is fast(16)
        Path file = twoDigits();
        for (String command : new String[] {"read", "predict"}) {
            CliTest.Outcome o = CliTest.run(command, "--model", run.toString(), file.toString());
            assertThat(o.code()).as(command).isNotZero();
            assertThat(o.out()).as(command).isEmpty();
            assertThat(o.err().strip()).as(command).startsWith("error: " + run + ": gate.bin does not fit the model: ").doesNotContain("\n");
        }
    }

    /** The gate, like the temperature, was fitted on the final weights: the best epoch's are judged by confidence only. */
    @Test
    void theBestEpochsWeightsAreNotJudgedByTheFinalWeightsGate() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        try (var files = Files.list(Path.of(FIXTURE))) {
            for (Path f : files.toList()) Files.copy(f, run.resolve(f.getFileName()));
        }
        Files.copy(run.resolve("model.params"), run.resolve("best.params"));
        Path file = twoDigits();
        CliTest.Outcome o = CliTest.run("read", "--model", run.toString(), "--weights", "best", file.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).startsWith(file + ": 72");
        assertThat(o.err()).contains("with --weights best 'not a digit' is judged by confidence only, uncalibrated");
        CliTest.Outcome plain = CliTest.run("read", "--model", run.toString(), file.toString());
        assertThat(plain.err()).doesNotContain("confidence only");

        CliTest.Outcome gate = CliTest.run("read-gate", "--model", run.toString(), "--weights", "best");
        assertThat(gate.code()).isNotZero();
        assertThat(gate.err().strip()).startsWith("error: --weights best: the gate belongs to the final weights").doesNotContain("\n");
    }

    @Test
    void printsTheNumberItsDigitsAndTheirBoxes() throws Exception {
        Path file = twoDigits();
        CliTest.Outcome o = CliTest.run("read", "--model", FIXTURE, file.toString(), "--show-segments", tmp.resolve("seg").toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).startsWith(file + ": 72").contains("box x=");
        Path seg = tmp.resolve("seg").resolve("72.png.segments.png");
        assertThat(Files.size(seg)).isPositive();
        BufferedImage picture = ImageIO.read(seg.toFile());
        assertThat(picture.getWidth()).isGreaterThanOrEqualTo(220);

        CliTest.Outcome json = CliTest.run("read", "--model", FIXTURE, "--json", file.toString());
        assertThat(json.code()).isZero();
        JsonObject line = JsonParser.parseString(json.out().strip()).getAsJsonObject();
        assertThat(line.get("file").getAsString()).isEqualTo(file.toString());
        JsonObject reading = line.getAsJsonObject("reading");
        assertThat(reading.get("number").getAsString()).isEqualTo("72");
        assertThat(reading.getAsJsonArray("digits").get(1).getAsJsonObject().getAsJsonObject("box").get("x").getAsInt())
                .isBetween(112, 196);
    }

    @Test
    void readGateFitsTheDistanceAndTheProbeAndMeasuresBoth() throws Exception {
        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        for (String f : new String[] {"model.json", "model.params", "metrics.csv"}) {
            Files.copy(Path.of(FIXTURE, f), model.resolve(f));
        }
        CliTest.Outcome o = CliTest.run("read-gate", "--fit", "--model", model.toString(), "--sample", "1000", "--others", "10");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.err()).contains("wrote " + model.resolve("gate.bin"));
        assertThat(o.out()).contains("or the probe's score over")
                .containsPattern("MNIST test digits \\(false rejection\\) \\| 10,000 \\| [0-9.]+% \\(\\d+: \\d+ low confidence, \\d+ far, \\d+ unlike a digit\\)")
                .contains("| digits printed in the letters' fonts (false rejection) | 90 |")
                .contains("| **all non-digits** | 503 |");
        dev.digits.internal.read.DigitGate gate = dev.digits.internal.read.DigitGate.of(new dev.digits.internal.run.RunFolder(model));
        assertThat(gate.statistics().probe()).isNotNull();
        assertThat(gate.statistics().pieces()).isNotNull();
        // the probe's threshold lets 99.8% of held-out training digits through: a high probability
        assertThat(gate.statistics().probe().threshold()).isBetween(0.5, 1.0);
    }

    /** read-train writes number-net.params into the folder; read and read-bench then check their pieces against it. */
    @Test
    void readTrainWritesTheWholeNumberReaderThatReadThenUses() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("numbers"));
        for (String f : new String[] {"model.json", "model.params", "gate.bin"}) Files.copy(Path.of(FIXTURE, f), model.resolve(f));
        CliTest.Outcome o = CliTest.run("read-train", "--model", model.toString(), "--numbers", "64", "--epochs", "1", "--batch-size", "32",
                "--networks", "2");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("wrote " + model.resolve("number-net.params") + " (2 networks)")
                .contains("network 2 of 2 (seed 43)").contains("epoch 1/1: held-out numbers read exactly: separated");
        try (dev.digits.internal.read.StripModel m = dev.digits.internal.read.StripModel.load(model.resolve("number-net.params"))) {
            assertThat(m.networks()).isEqualTo(2);
        }

        Path file = twoDigits();
        CliTest.Outcome read = CliTest.run("read", "--model", model.toString(), file.toString());
        assertThat(read.code()).as(read.err()).isZero();
        assertThat(read.out()).startsWith(file + ": ");
        CliTest.Outcome bench = CliTest.run("read-bench", "--model", model.toString(), "--count", "5");
        assertThat(bench.code()).as(bench.err()).isZero();
        assertThat(bench.err()).contains("numbers read by their pieces, checked against the whole-number reader (number-net.params)");
        assertThat(CliTest.run("read-bench", "--model", FIXTURE, "--count", "5").err()).contains("numbers read by their pieces alone");

        Files.write(model.resolve("number-net.params"), new byte[] {1, 2, 3});
        CliTest.Outcome broken = CliTest.run("read", "--model", model.toString(), file.toString());
        assertThat(broken.code()).isNotZero();
        assertThat(broken.err().strip()).startsWith("error: " + model.resolve("number-net.params") + ": the number reader's weights do not load").doesNotContain("\n");
        assertThat(CliTest.run("read-train", "--epochs", "0").err()).startsWith("error: --epochs must be at least 1");
        assertThat(CliTest.run("read-train").err()).startsWith("error: read-train needs --model RUN_DIR");
        assertThat(CliTest.run("read-train", "--help").out()).contains("The model folder to write number-net.params into (required).")
                .doesNotContain("newest run");
        assertThat(CliTest.run("read-train", "--model", model.toString(), "--networks", "0").err())
                .startsWith("error: --networks must be between 1 and 4, got 0");
        assertThat(CliTest.run("read-train", "--model", model.toString(), "--networks", "5").err())
                .startsWith("error: --networks must be between 1 and 4, got 5");
        assertThat(CliTest.run("read-train", "--model", tmp.toString()).err()).startsWith("error: " + tmp + " is not a model folder");
    }

    @Test
    void aMissingFileIsOneLineAndExitOneAndBadOptionsAreUsageErrors() throws Exception {
        CliTest.Outcome o = CliTest.run("read", "--model", FIXTURE, tmp.resolve("nope.png").toString());
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).contains("error: " + tmp.resolve("nope.png") + ": no such file");
        // a blank picture, among others: its own error line, exit 1, the other file still read
        java.awt.image.BufferedImage blank = new java.awt.image.BufferedImage(120, 80, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        blank.getGraphics().fillRect(0, 0, 120, 80);
        java.nio.file.Path png = tmp.resolve("blank.png");
        javax.imageio.ImageIO.write(blank, "png", png.toFile());
        CliTest.Outcome b = CliTest.run("read", "--model", FIXTURE, png.toString(), "docs/images/number.png");
        assertThat(b.code()).isEqualTo(1);
        assertThat(b.err()).contains("error: " + png + ": no digits found");
        assertThat(b.out()).contains("docs/images/number.png: ");
        CliTest.Outcome j = CliTest.run("read", "--model", FIXTURE, "--json", png.toString());
        assertThat(j.out().strip()).isEqualTo("{\"file\":\"" + png + "\",\"error\":\"no digits found\"}");
        assertThat(CliTest.run("read-bench", "--count", "-1").err()).startsWith("error: --count must be at least 0");
        assertThat(CliTest.run("read-gate", "--sample", "500", "--fit").err()).startsWith("error: --sample must be between 1000");
        assertThat(CliTest.run("read-gate", "--fit").err()).startsWith("error: read-gate --fit needs --model RUN_DIR");
        assertThat(CliTest.run("read-gate", "--help").out()).contains("with --fit, required");
        assertThat(CliTest.run("read-gate", "--probe-quantile", "0.2").err()).startsWith("error: --probe-quantile must be in (0.5, 1]");
        assertThat(CliTest.run("read-bench", "--write-set").code()).isEqualTo(2);
    }
}
