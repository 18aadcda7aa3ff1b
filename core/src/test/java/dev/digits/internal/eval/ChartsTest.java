package dev.digits.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.run.EpochRow;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run with {@code -Dcharts.preview=/tmp/charts-preview} to keep a copy of every picture (this
 * class's helpers serve {@link DigitGridTest} and {@link ReportTest} too).
 */
class ChartsTest {

    @TempDir
    Path dir;

    /** MNIST-test-like counts: 10000 images, 9877 right. */
    static int[][] realisticCounts() {
        int[] right = {973, 1129, 1019, 998, 967, 878, 946, 1012, 960, 995};
        int[][] c = new int[10][10];
        for (int d = 0; d < 10; d++) {
            c[d][d] = right[d];
        }
        c[0][6] = 3; c[0][2] = 2; c[0][8] = 2; // 980
        c[1][2] = 3; c[1][3] = 1; c[1][7] = 2; // 1135
        c[2][7] = 8; c[2][1] = 3; c[2][3] = 2; // 1032
        c[3][5] = 6; c[3][2] = 3; c[3][8] = 3; // 1010
        c[4][9] = 11; c[4][6] = 2; c[4][2] = 2; // 982
        c[5][3] = 8; c[5][6] = 3; c[5][8] = 3; // 892
        c[6][0] = 4; c[6][5] = 4; c[6][1] = 4; // 958
        c[7][2] = 9; c[7][9] = 5; c[7][1] = 2; // 1028
        c[8][3] = 5; c[8][9] = 4; c[8][5] = 5; // 974
        c[9][4] = 7; c[9][7] = 5; c[9][8] = 2; // 1009
        return c;
    }

    static ConfusionMatrix realisticMatrix() {
        return ConfusionMatrix.of(realisticCounts());
    }

    static List<EpochRow> realisticRows(boolean withValidation) {
        List<EpochRow> rows = new ArrayList<>();
        double elapsed = 0;
        for (int e = 1; e <= 15; e++) {
            double trainLoss = 0.3 / e + 0.01;
            double testLoss = 0.12 / e + 0.025;
            double lr = 0.05 * 0.5 * (1 + Math.cos(Math.PI * (e - 1) / 15));
            elapsed += 40 + e;
            rows.add(new EpochRow(e, trainLoss, 100 - 9 / (double) e - 0.2,
                    withValidation ? testLoss * 1.05 : Double.NaN,
                    withValidation ? 100 - 3 / (double) e - 0.5 : Double.NaN,
                    testLoss, 100 - 2.5 / (double) e - 0.55, lr, 40 + e, elapsed));
        }
        return rows;
    }

    @Test
    void confusionMatrixIsAnEightHundredPixelHeatMapInGreenAndRed() throws IOException {
        Path png = dir.resolve("confusion_matrix.png");
        Charts.confusionMatrix(realisticMatrix(), png);

        BufferedImage image = decode(png);
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(800);
        assertThat(count(image, ChartsTest::greenish)).as("diagonal cells")
                .isGreaterThan(10 * 30 * 30);
        assertThat(count(image, ChartsTest::reddish)).as("mistake cells")
                .isGreaterThan(20 * 30 * 30);
        assertThat(distinctColours(image)).isGreaterThan(50);
        assertNoTemporaryFilesLeft();
        preview(png);
    }

    @Test
    void confusionMatrixWithoutMistakesHasNoRed() throws IOException {
        int[][] counts = new int[10][10];
        for (int d = 0; d < 10; d++) {
            counts[d][d] = 100 + d;
        }
        Path png = dir.resolve("perfect.png");
        Charts.confusionMatrix(ConfusionMatrix.of(counts), png);
        BufferedImage image = decode(png);
        assertThat(count(image, ChartsTest::reddish)).isZero();
        assertThat(count(image, ChartsTest::greenish)).isGreaterThan(10 * 30 * 30);
    }

    @Test
    void writingAgainReplacesTheFile() throws IOException {
        Path png = dir.resolve("again.png");
        Files.writeString(png, "old contents");
        Charts.confusionMatrix(realisticMatrix(), png);
        assertThat(decode(png).getWidth()).isEqualTo(800);
        assertNoTemporaryFilesLeft();
    }

    @Test
    void trainingCurvesSkipMissingValidation() throws IOException {
        Path png = dir.resolve("training_curves.png");
        Charts.trainingCurves(realisticRows(false), png);
        BufferedImage image = decode(png);
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(1100);
        assertThat(count(image, rgb -> near(rgb, 31, 119, 180))).as("train, blue")
                .isGreaterThan(500);
        assertThat(count(image, rgb -> near(rgb, 44, 160, 44))).as("test, green")
                .isGreaterThan(500);
        assertThat(count(image, rgb -> near(rgb, 255, 127, 14))).as("no validation, orange")
                .isZero();
        assertThat(count(image, rgb -> near(rgb, 148, 103, 189))).as("learning rate, purple")
                .isGreaterThan(200);
        preview(png);

        Path withValidation = dir.resolve("training_curves_val.png");
        Charts.trainingCurves(realisticRows(true), withValidation);
        assertThat(count(decode(withValidation), rgb -> near(rgb, 255, 127, 14)))
                .as("validation, orange").isGreaterThan(500);
        preview(withValidation);
    }

    @Test
    void trainingCurvesFromNoRowsStillWriteAPicture() throws IOException {
        Path png = dir.resolve("empty_curves.png");
        Charts.trainingCurves(List.of(), png);
        assertThat(decode(png).getWidth()).isEqualTo(1000);
    }

    // ---- helpers ----

    private void assertNoTemporaryFilesLeft() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    static BufferedImage decode(Path png) throws IOException {
        assertThat(png).isRegularFile();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("decodes as an image").isNotNull();
        return image;
    }

    static void preview(Path png) throws IOException {
        String target = System.getProperty("charts.preview");
        if (target != null && !target.isBlank()) {
            Path out = Path.of(target);
            Files.createDirectories(out);
            Files.copy(png, out.resolve(png.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    interface RgbTest {
        boolean test(int rgb);
    }

    static int count(BufferedImage image, RgbTest test) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (test.test(image.getRGB(x, y) & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        return colours.size();
    }

    static boolean greenish(int rgb) {
        int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
        return g > r + 40 && g > b + 40;
    }

    static boolean reddish(int rgb) {
        int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
        return r > g + 40 && r > b + 40;
    }

    static boolean near(int rgb, int r, int g, int b) {
        return Math.abs((rgb >> 16 & 0xff) - r) <= 12 && Math.abs((rgb >> 8 & 0xff) - g) <= 12
                && Math.abs((rgb & 0xff) - b) <= 12;
    }
}
