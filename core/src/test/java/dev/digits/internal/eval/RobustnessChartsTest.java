package dev.digits.internal.eval;

import static dev.digits.internal.eval.ChartsTest.count;
import static dev.digits.internal.eval.ChartsTest.decode;
import static dev.digits.internal.eval.ChartsTest.near;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobustnessChartsTest {

    @TempDir
    Path dir;

    /** The fixture model's table (10,000 images per set). */
    static Robustness robustness() {
        return new Robustness(10_000, 42, List.of(
                new Robustness.Row("clean", 99.19, 88.85),
                new Robustness.Row("rotated +15 deg", 98.00, 87.73),
                new Robustness.Row("rotated +30 deg", 88.01, 76.00),
                new Robustness.Row("stretched to fill 20x20", 92.33, 87.42),
                new Robustness.Row("Gaussian noise, sigma 0.2", 10.90, 90.11)));
    }

    /** The hand-computed case of {@link CalibrationTest}: ECE 11%. */
    static Calibration calibration() {
        float[] confidence = new float[10];
        boolean[] correct = new boolean[10];
        for (int i = 0; i < 10; i++) {
            confidence[i] = i < 4 ? 0.95f : 0.55f;
            correct[i] = i < 3 || i >= 4 && i < 7;
        }
        return Calibration.of(confidence, correct, Calibration.BINS);
    }

    @Test
    void robustnessIsOneBarPerSetTheCleanOneGreen() throws IOException {
        Path png = dir.resolve("robustness.png");
        RobustnessCharts.robustness(robustness(), png);
        BufferedImage image = decode(png);
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(160 + 46 * 5);
        int green = count(image, rgb -> near(rgb, 44, 160, 44));
        int blue = count(image, rgb -> near(rgb, 31, 119, 180));
        // bars are about 27 pixels thick; the clean bar runs to 99%, the four blue ones add up
        // to 289% of the same scale
        assertThat(green).isGreaterThan(10_000);
        assertThat(blue).isGreaterThan(2 * green);
        ChartsTest.preview(png);
    }

    @Test
    void reliabilityShowsAccuracyTheGapAndTheCounts() throws IOException {
        Path png = dir.resolve("reliability.png");
        RobustnessCharts.reliability(calibration(), png);
        BufferedImage image = decode(png);
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(900);
        assertThat(count(image, rgb -> near(rgb, 31, 119, 180))).as("accuracy bars")
                .isGreaterThan(5_000);
        assertThat(count(image, ChartsTest::reddish)).as("the gaps").isGreaterThan(1_000);
        assertThat(count(image, rgb -> near(rgb, 127, 127, 127))).as("count bars")
                .isGreaterThan(1_000);
        ChartsTest.preview(png);

        Path empty = dir.resolve("empty.png");
        RobustnessCharts.reliability(Calibration.of(new float[0], new boolean[0], 15), empty);
        assertThat(decode(empty).getHeight()).isEqualTo(900);
    }
}
