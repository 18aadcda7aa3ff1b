package dev.digits.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.run.RunFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which model eval, predict and serve use when no --model is given, and that they say so. */
class ModelOptionTest {

    @TempDir
    Path tmp;

    final ByteArrayOutputStream said = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(said, true);

    Path run(String name, long modifiedMillis) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("runs").resolve(name));
        Files.writeString(dir.resolve("model.params"), "weights");
        Files.writeString(dir.resolve("model.json"), "{}");
        Files.setLastModifiedTime(dir.resolve("model.json"), FileTime.fromMillis(modifiedMillis));
        return dir;
    }

    @Test
    void theNewestRunIsChosenAndNamed() throws IOException {
        run("b-older", 1_000_000);
        Path newest = run("a-newer", 2_000_000);
        Files.createDirectories(tmp.resolve("runs/c-interrupted-before-its-first-epoch"));
        RunFolder chosen = ModelOption.choose(null, tmp.resolve("runs"), tmp.resolve("shipped"), err);
        assertThat(chosen.dir()).isEqualTo(newest);
        assertThat(said.toString()).isEqualTo("model: " + newest + " (the newest run in " + tmp.resolve("runs")
                + "/; --model picks another)" + System.lineSeparator());
    }

    @Test
    void withoutRunsTheShippedModelIsChosen() throws IOException {
        Path shipped = Files.createDirectories(tmp.resolve("shipped"));
        Files.writeString(shipped.resolve("model.json"), "{}");
        assertThat(ModelOption.choose(null, tmp.resolve("runs"), shipped, err).dir()).isEqualTo(shipped);
        assertThat(said.toString()).startsWith("model: " + shipped + " (the shipped model;");
    }

    @Test
    void aGivenModelIsUsedAsItIsAndNothingIsSaid() throws IOException {
        run("newer", 2_000_000);
        assertThat(ModelOption.choose(tmp.resolve("mine"), tmp.resolve("runs"), tmp.resolve("shipped"), err).dir())
                .isEqualTo(tmp.resolve("mine"));
        assertThat(said.toString()).isEmpty();
    }

    @Test
    void noModelAnywhereIsOneClearError() {
        assertThatThrownBy(() -> ModelOption.choose(null, tmp.resolve("runs"), tmp.resolve("shipped"), err))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no model: there is no run in " + tmp.resolve("runs"))
                .hasMessageContaining("./mnist train");
    }

    @Test
    void theRepositoryShipsAModelThatLoadsAndSaysHowItWasMade() {
        RunFolder shipped = new RunFolder(ModelOption.SHIPPED);
        var info = shipped.readInfo();
        assertThat(info.command()).startsWith("./mnist train");
        assertThat(info.metrics().testAccuracy()).isGreaterThan(99.0);
        assertThat(shipped.weights(dev.digits.internal.run.Weights.MODEL)).isRegularFile();
        // what it says, measured: the weights read the first 2,000 test digits as well as a model of its figure would
        try (var classifier = dev.digits.internal.infer.DigitClassifier.load(shipped)) {
            var test = dev.digits.internal.data.Mnist.load(dev.digits.internal.data.Mnist.BUNDLED, dev.digits.internal.data.Mnist.Split.TEST);
            assertThat(dev.digits.internal.eval.Evaluation.of(classifier, test.head(2000)).accuracy()).isGreaterThan(99.0);
        }
    }
}
