package dev.digits.internal.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Held-out digits that cannot say how sure a model should be: too few, or all read right. */
class CalibrateFitTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixture-model");

    @TempDir
    Path tmp;

    @Test
    void heldOutDigitsAllReadRightLeaveTheModelUncalibrated() throws IOException {
        Path copy = Files.createDirectories(tmp.resolve("run"));
        for (String f : new String[] {"model.json", "model.params"}) Files.copy(FIXTURE.resolve(f), copy.resolve(f));
        RunFolder run = new RunFolder(copy);
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(400);
        Prediction[] answers;
        try (DigitClassifier c = DigitClassifier.load(run)) {
            answers = c.classify(test.images(), test.size());
        }
        int[] right = IntStream.range(0, test.size()).filter(i -> answers[i].digit() == test.label(i)).limit(200).toArray();
        Mnist allRight = test.subset(right);
        assertThatThrownBy(() -> Calibrate.fit(run, run.readInfo(), allRight)).isInstanceOf(ModelException.class)
                .hasMessage(run + ": left uncalibrated: all 200 validation answers are right, which says nothing of how sure"
                        + " the model should be");
        assertThatThrownBy(() -> Calibrate.fit(run, run.readInfo(), test.head(99))).isInstanceOf(ModelException.class)
                .hasMessageContaining("99 validation digits are too few to fit a temperature on (at least 100)");
        org.assertj.core.api.Assertions.assertThat(run.readInfo().temperature()).isNull();
    }
}
