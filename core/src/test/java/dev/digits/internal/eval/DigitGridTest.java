package dev.digits.internal.eval;

import static dev.digits.internal.eval.ChartsTest.count;
import static dev.digits.internal.eval.ChartsTest.decode;
import static dev.digits.internal.eval.ChartsTest.preview;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.TestDigits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run with {@code -Dcharts.preview=/tmp/charts-preview} to keep a copy of every picture. */
class DigitGridTest {

    @TempDir
    Path dir;

    @Test
    void predictionsGridShowsRightInGreenAndWrongInRed() throws IOException {
        Random random = new Random(7);
        int n = 48;
        byte[][] images = new byte[n][];
        int[] truth = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i % 10;
            images[i] = TestDigits.glyph(truth[i], random);
            predicted[i] = i % 9 == 4 ? (truth[i] + 3) % 10 : truth[i];
        }
        Path png = dir.resolve("predictions.png");
        DigitGrid.predictions(images, truth, predicted, png);

        BufferedImage image = decode(png);
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(8 * 112);
        assertThat(image.getHeight()).isGreaterThanOrEqualTo(6 * 112);
        assertThat(count(image, ChartsTest::greenish)).isGreaterThan(1000);
        assertThat(count(image, ChartsTest::reddish)).isGreaterThan(200);
        assertThat(count(image, rgb -> rgb == 0xffffff)).as("digit ink").isGreaterThan(2000);
        preview(png);
    }

    @Test
    void misclassifiedWithoutImagesSaysThereAreNoMistakes() throws IOException {
        Path png = dir.resolve("no_mistakes.png");
        DigitGrid.misclassified(new byte[0][], new int[0], new int[0], new float[0], png);
        BufferedImage image = decode(png);
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(300);
        assertThat(count(image, ChartsTest::greenish)).as("the message").isGreaterThan(100);
        preview(png);
    }

    @Test
    void manyMisclassifiedImagesWrapIntoRows() throws IOException {
        Random random = new Random(3);
        int n = 150;
        byte[][] images = new byte[n][];
        int[] truth = new int[n];
        int[] predicted = new int[n];
        float[] confidence = new float[n];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(10);
            predicted[i] = (truth[i] + 1 + random.nextInt(9)) % 10;
            images[i] = TestDigits.glyph(truth[i], random);
            confidence[i] = 1f - i / (float) n;
        }
        Path png = dir.resolve("mistakes.png");
        DigitGrid.misclassified(images, truth, predicted, confidence, png);

        BufferedImage image = decode(png);
        assertThat(image.getHeight()).as("15 rows").isGreaterThan(15 * 112);
        assertThat(image.getWidth()).isBetween(10 * 112, 2000);
        assertThat(count(image, ChartsTest::reddish)).isGreaterThan(150 * 100);
        assertThat(count(image, ChartsTest::greenish)).isZero();
        preview(png);
    }

    @Test
    void mismatchedLengthsAreRejected() {
        byte[][] one = {new byte[784]};
        assertThatThrownBy(() -> DigitGrid.predictions(one, new int[2], new int[1],
                dir.resolve("x.png"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DigitGrid.misclassified(new byte[][] {new byte[10]}, new int[1],
                new int[1], new float[1], dir.resolve("x.png")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("784");
    }
}
