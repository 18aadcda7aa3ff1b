package dev.digits.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.io.Json;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemperatureTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixture-model");

    @TempDir
    Path tmp;

    /**
     * Digits whose true labels are drawn from softmax(logits / 0.5), answered at temperature 1:
     * the fit finds 0.5 again, and the loss and the calibration error fall.
     */
    @Test
    void itFindsTheTemperatureTheLabelsWereDrawnAt() {
        Random r = new Random(4);
        int n = 20000;
        Prediction[] answers = new Prediction[n];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            float[] z = new float[10];
            for (int c = 0; c < 10; c++) z[c] = (float) (r.nextGaussian() * 1.5);
            double[] p = new double[10];
            float[] sharp = Prediction.fromLogits(z, 0, 0.5).probabilities();
            double u = r.nextDouble(), sum = 0;
            int label = 9;
            for (int c = 0; c < 10; c++) {
                sum += sharp[c];
                if (u < sum) {
                    label = c;
                    break;
                }
            }
            labels[i] = (byte) label;
            answers[i] = Prediction.fromLogits(z, 0);
        }
        Temperature t = Temperature.fit(answers, labels, 1);
        assertThat(t.value()).isCloseTo(0.5, Offset.offset(0.03));
        assertThat(t.lossAfter()).isLessThan(t.lossBefore());
        assertThat(t.eceAfter()).isLessThan(t.eceBefore() / 3);
        // answers given at another temperature say the same: the fit is of the logits, not of the answers
        Prediction[] hotter = new Prediction[n];
        for (int i = 0; i < n; i++) {
            float[] z = new float[10];
            for (int c = 0; c < 10; c++) z[c] = (float) Math.log(answers[i].probabilities()[c]);
            hotter[i] = Prediction.fromLogits(z, 0, 2);
        }
        assertThat(Temperature.fit(hotter, labels, 2).value()).isCloseTo(t.value(), Offset.offset(1e-3));
    }

    /** A copy of the fixture model to change. */
    private Path fixtureCopy() throws IOException {
        Path copy = Files.createDirectories(tmp.resolve("model"));
        try (Stream<Path> files = Files.list(FIXTURE)) {
            for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        return copy;
    }

    @Test
    void aModelWithATemperatureAnswersTheSameDigitsMoreSurely() throws IOException {
        RunFolder run = new RunFolder(fixtureCopy());
        run.writeInfo(run.readInfo().withTemperature(0.5));
        assertThat(Files.readString(run.info())).contains("\"temperature\": 0.5");
        byte[] images = dev.digits.internal.data.Mnist.load(dev.digits.internal.data.Mnist.BUNDLED,
                dev.digits.internal.data.Mnist.Split.TEST).head(50).images();
        try (DigitClassifier plain = DigitClassifier.load(new RunFolder(FIXTURE));
             DigitClassifier sharp = DigitClassifier.load(run)) {
            Prediction[] a = plain.classify(images, 50);
            Prediction[] b = sharp.classify(images, 50);
            for (int i = 0; i < 50; i++) {
                assertThat(b[i].digit()).isEqualTo(a[i].digit());
                // p' is proportional to p^2 at temperature 0.5
                double norm = 0;
                for (float p : a[i].probabilities()) norm += (double) p * p;
                double expected = a[i].probability() * (double) a[i].probability() / norm;
                assertThat((double) b[i].probability()).isCloseTo(expected, Offset.offset(1e-4));
                assertThat(b[i].probability()).isGreaterThanOrEqualTo(a[i].probability());
            }
        }
    }

    /** The temperature was fitted on the final weights: best.params (here a copy of them) is read without it. */
    @Test
    void theBestEpochsWeightsAreReadUncalibrated() throws IOException {
        Path copy = fixtureCopy();
        Files.copy(copy.resolve("model.params"), copy.resolve(Weights.BEST.fileName()));
        RunFolder run = new RunFolder(copy);
        run.writeInfo(run.readInfo().withTemperature(0.5));
        byte[] images = dev.digits.internal.data.Mnist.load(dev.digits.internal.data.Mnist.BUNDLED,
                dev.digits.internal.data.Mnist.Split.TEST).head(20).images();
        try (DigitClassifier plain = DigitClassifier.load(new RunFolder(FIXTURE));
             DigitClassifier best = DigitClassifier.load(run, Weights.BEST, 1);
             DigitClassifier calibrated = DigitClassifier.load(run, Weights.MODEL, 1)) {
            assertThat(best.info().temperature()).isNull();
            assertThat(calibrated.info().temperature()).isEqualTo(0.5);
            Prediction[] a = plain.classify(images, 20);
            Prediction[] b = best.classify(images, 20);
            Prediction[] c = calibrated.classify(images, 20);
            for (int i = 0; i < 20; i++) {
                assertThat(b[i].probabilities()).containsExactly(a[i].probabilities());
                assertThat(c[i].probability()).isGreaterThan(a[i].probability() - 1e-6f);
            }
            assertThat(java.util.stream.IntStream.range(0, 20).filter(i -> c[i].probability() > a[i].probability() + 1e-4).count())
                    .isPositive();
        }
    }

    @Test
    void aTemperatureOutOfRangeIsRefusedWithTheFileNamed() throws IOException {
        Path copy = tmp.resolve("bad");
        Files.createDirectories(copy);
        String json = Json.FILE.toJson(new RunFolder(FIXTURE).readInfo().withTemperature(0.5));
        Files.writeString(copy.resolve("model.json"), json.replace("\"temperature\": 0.5", "\"temperature\": -1.0"));
        assertThatThrownBy(() -> new RunFolder(copy).readInfo())
                .hasMessageContaining("model.json: corrupt: ").hasMessageContaining("temperature must be in (0, 100), got -1.0");
    }
}
