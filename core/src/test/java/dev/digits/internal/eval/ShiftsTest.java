package dev.digits.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.digits.TestDigits;
import dev.digits.internal.data.Mnist;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each transform of the robustness report does what its name says, on synthetic images. */
class ShiftsTest {

    private static final int SIDE = 28;

    /** A blank image with full ink at the given pixels, given as x, y pairs. */
    private static byte[] dots(int... xy) {
        byte[] image = new byte[SIDE * SIDE];
        for (int k = 0; k < xy.length; k += 2) {
            image[xy[k + 1] * SIDE + xy[k]] = (byte) 255;
        }
        return image;
    }

    /** A filled rectangle of full ink, corners inclusive. */
    private static byte[] rectangle(int x0, int y0, int x1, int y1) {
        byte[] image = new byte[SIDE * SIDE];
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                image[y * SIDE + x] = (byte) 255;
            }
        }
        return image;
    }

    private static byte[] glyph() {
        return TestDigits.glyph(3, new Random(7));
    }

    /** Centre of mass, {x, y}, in pixel indices. */
    private static double[] centre(byte[] image) {
        double sum = 0, sx = 0, sy = 0;
        for (int i = 0; i < image.length; i++) {
            int v = image[i] & 0xff;
            sum += v;
            sx += (i % SIDE) * (double) v;
            sy += (i / SIDE) * (double) v;
        }
        return new double[] {sx / sum, sy / sum};
    }

    /** The ink's bounding box {x0, y0, x1, y1}, counting pixels above {@code threshold}. */
    private static int[] box(byte[] image, int threshold) {
        int[] b = {SIDE, SIDE, -1, -1};
        for (int i = 0; i < image.length; i++) {
            if ((image[i] & 0xff) > threshold) {
                b[0] = Math.min(b[0], i % SIDE);
                b[1] = Math.min(b[1], i / SIDE);
                b[2] = Math.max(b[2], i % SIDE);
                b[3] = Math.max(b[3], i / SIDE);
            }
        }
        return b;
    }

    private static long ink(byte[] image) {
        long sum = 0;
        for (byte b : image) {
            sum += b & 0xff;
        }
        return sum;
    }

    @Test
    void rotationTurnsAboutTheCentreCounterClockwiseForPositiveAngles() {
        // (20, 13) is 6.5 right of the centre (13.5, 13.5) and 0.5 above it
        assertThat(Shifts.rotate(dots(20, 13), 90)).isEqualTo(dots(13, 7));
        assertThat(Shifts.rotate(dots(20, 13), -90)).isEqualTo(dots(14, 20));
        assertThat(Shifts.rotate(dots(20, 13), 0)).isEqualTo(dots(20, 13));

        // a 2x2 blob centred 6 right of the centre, turned +30 deg: up and left on the circle
        byte[] blob = dots(19, 13, 20, 13, 19, 14, 20, 14);
        double[] c = centre(Shifts.rotate(blob, 30));
        double a = Math.toRadians(30);
        assertThat(c[0]).isCloseTo(13.5 + 6 * Math.cos(a), within(0.05));
        assertThat(c[1]).isCloseTo(13.5 - 6 * Math.sin(a), within(0.05));
        double[] e = centre(Shift.ROTATE_MINUS_15.apply(blob, null));
        assertThat(e[1]).as("clockwise: the right side goes down").isGreaterThan(13.5 + 1.4);
    }

    @Test
    void translationMovesTheCentreOfMassByThatDistance() {
        byte[] digit = glyph();
        double[] before = centre(digit);
        double[] right = centre(Shifts.translate(digit, 3, 0));
        assertThat(right[0] - before[0]).isCloseTo(3, within(0.01));
        assertThat(right[1] - before[1]).isCloseTo(0, within(0.01));
        double[] diagonal = centre(Shifts.translate(digit, -1.5, 2.5));
        assertThat(diagonal[0] - before[0]).isCloseTo(-1.5, within(0.05));
        assertThat(diagonal[1] - before[1]).isCloseTo(2.5, within(0.05));

        // the enum's translation: 3 pixels, in a direction that the seed and the index choose
        double[] dir0 = null;
        for (int index = 0; index < 4; index++) {
            byte[] moved = Shift.TRANSLATE_3.apply(digit, Shift.random(42, index));
            double[] after = centre(moved);
            double dx = after[0] - before[0];
            double dy = after[1] - before[1];
            assertThat(Math.hypot(dx, dy)).as("image " + index).isCloseTo(3, within(0.1));
            assertThat(Shift.TRANSLATE_3.apply(digit, Shift.random(42, index))).isEqualTo(moved);
            if (dir0 == null) {
                dir0 = new double[] {dx, dy};
            } else {
                assertThat(Math.hypot(dx - dir0[0], dy - dir0[1])).as("another direction")
                        .isGreaterThan(0.1);
            }
        }
    }

    @Test
    void scalingGrowsAndShrinksTheInkAboutTheCentre() {
        byte[] square = rectangle(9, 9, 18, 18); // 10x10, centred on (13.5, 13.5)
        int[] big = box(Shifts.scale(square, 1.2), 127);
        assertThat(big[2] - big[0] + 1).isEqualTo(12);
        assertThat(big[3] - big[1] + 1).isEqualTo(12);
        int[] small = box(Shifts.scale(square, 0.8), 127);
        assertThat(small[2] - small[0] + 1).isEqualTo(8);
        assertThat(centre(Shifts.scale(square, 1.2))).containsExactly(
                new double[] {13.5, 13.5}, within(1e-9));

        byte[] digit = glyph();
        int[] b = box(digit, 0);
        int[] g = box(Shift.SCALE_1_2.apply(digit, null), 0);
        assertThat(g[2] - g[0]).isGreaterThan(b[2] - b[0]);
        assertThat(g[3] - g[1]).isGreaterThan(b[3] - b[1]);
        assertThat(ink(Shift.SCALE_0_8.apply(digit, null))).isLessThan(ink(digit));
    }

    @Test
    void stretchingFillsTheTwentyPixelBox() {
        byte[] bar = rectangle(3, 2, 6, 17); // 4 wide, 16 high, off-centre
        byte[] stretched = Shifts.stretch(bar);
        int[] b = box(stretched, 0);
        assertThat(b[2] - b[0] + 1).as("width").isEqualTo(20);
        assertThat(b[3] - b[1] + 1).as("height").isEqualTo(20);
        // placed as MNIST places a digit: the centre of mass at (14, 14), to whole pixels
        assertThat(centre(stretched)).containsExactly(new double[] {14, 14}, within(0.51));
        assertThat(ink(stretched)).isEqualTo(400L * 255);

        int[] digit = box(Shift.STRETCH.apply(glyph(), null), 0);
        assertThat(digit[2] - digit[0] + 1).isEqualTo(20);
        assertThat(digit[3] - digit[1] + 1).isEqualTo(20);
        assertThat(Shifts.stretch(new byte[SIDE * SIDE])).containsOnly(0);
    }

    @Test
    void thickerAddsInkAndThinnerTakesItAway() {
        byte[] digit = glyph();
        byte[] thick = Shift.THICKER.apply(digit, null);
        byte[] thin = Shift.THINNER.apply(digit, null);
        for (int i = 0; i < digit.length; i++) {
            assertThat(thick[i] & 0xff).isGreaterThanOrEqualTo(digit[i] & 0xff);
            assertThat(thin[i] & 0xff).isLessThanOrEqualTo(digit[i] & 0xff);
        }
        assertThat(ink(thick)).isGreaterThan(ink(digit) * 5 / 4);
        assertThat(ink(thin)).isLessThan(ink(digit) * 3 / 4).isPositive();

        // a 3-pixel-wide vertical stroke: one column more, one less
        byte[] stroke = rectangle(12, 5, 14, 22);
        assertThat(Shifts.thicken(stroke)).isEqualTo(rectangle(12, 5, 15, 23));
        assertThat(Shifts.thin(stroke)).isEqualTo(rectangle(12, 5, 13, 21));
    }

    @Test
    void noiseChangesPixelsReproduciblyForASeed() {
        byte[] grey = new byte[SIDE * SIDE];
        Arrays.fill(grey, (byte) 128);
        byte[] noisy = Shifts.noise(grey, 0.2, new SplittableRandom(1));
        double sum = 0, squares = 0;
        for (byte b : noisy) {
            double d = (b & 0xff) - 128;
            sum += d;
            squares += d * d;
        }
        assertThat(sum / noisy.length).isCloseTo(0, within(4.0));
        assertThat(Math.sqrt(squares / noisy.length)).as("sigma 0.2 of 255")
                .isCloseTo(51, within(4.0));

        byte[] digit = glyph();
        byte[] a = Shift.NOISE.apply(digit, Shift.random(42, 3));
        long changed = 0;
        for (int i = 0; i < digit.length; i++) {
            changed += a[i] != digit[i] ? 1 : 0;
        }
        assertThat(changed).isGreaterThan(digit.length / 2);
        assertThat(Shift.NOISE.apply(digit, Shift.random(42, 3))).isEqualTo(a);
        assertThat(Shift.NOISE.apply(digit, Shift.random(43, 3))).isNotEqualTo(a);
        assertThat(Shift.NOISE.apply(digit, Shift.random(42, 4))).isNotEqualTo(a);
    }

    @Test
    void invertedThenPreprocessedComesBackCloseToTheOriginal() {
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST);
        for (int i = 0; i < 50; i++) {
            byte[] original = test.image(i);
            byte[] back = Shift.INVERTED.apply(original, null);
            double difference = 0;
            for (int p = 0; p < original.length; p++) {
                difference += Math.abs((back[p] & 0xff) - (original[p] & 0xff));
            }
            assertThat(difference / original.length).as("mean difference, image " + i)
                    .isLessThan(25);
            double[] c0 = centre(original);
            double[] c1 = centre(back);
            assertThat(Math.hypot(c1[0] - c0[0], c1[1] - c0[1])).as("image " + i)
                    .isLessThan(1.5);
        }
        assertThat(Shifts.invertAndPreprocess(new byte[SIDE * SIDE])).containsOnly(0);
    }

    @Test
    void setsAreShiftedPerImageWhateverElseIsShiftedWithThem() {
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(20);
        byte[] before = test.images().clone();
        Mnist all = Shift.TRANSLATE_5.apply(test, new int[] {0, 1, 2, 3, 4, 5}, 42);
        Mnist one = Shift.TRANSLATE_5.apply(test, new int[] {4}, 42);
        assertThat(one.image(0)).isEqualTo(all.image(4));
        assertThat(one.label(0)).isEqualTo(test.label(4));
        assertThat(test.images()).as("the clean set is left alone").isEqualTo(before);
        for (Shift s : Shift.values()) {
            assertThat(s.apply(test, new int[] {7, 3}, 9).images())
                    .as(s.label()).isEqualTo(s.apply(test, new int[] {7, 3}, 9).images());
        }
        assertThat(Arrays.stream(Shift.values()).map(Shift::label).distinct()).hasSize(13);
    }
}
