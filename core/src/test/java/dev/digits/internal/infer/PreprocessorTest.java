package dev.digits.internal.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.TestDigits;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** MNIST-style preparation: {@link Preprocessor#toMnist} and {@link Preprocessor#toImage}. */
class PreprocessorTest {

    @Test
    void offCentreDigitIsScaledToTwentyPixelsAndCentredByMass() {
        byte[] out = Preprocessor.toMnist(TestDigits.strokeSeven(300, 300));

        assertThat(out).hasSize(784);
        int[] box = boundingBox(out);
        int width = box[2] - box[0] + 1;
        int height = box[3] - box[1] + 1;
        assertThat(width).isLessThanOrEqualTo(20);
        assertThat(height).isLessThanOrEqualTo(20);
        assertThat(Math.max(width, height)).isGreaterThanOrEqualTo(19);
        assertThat(width).as("aspect ratio kept: the 7 is narrower than tall").isLessThan(height);
        double[] com = centreOfMass(out);
        assertThat(com[0]).isCloseTo(14, org.assertj.core.data.Offset.offset(1.0));
        assertThat(com[1]).isCloseTo(14, org.assertj.core.data.Offset.offset(1.0));
        assertThat(max(out)).as("contrast stretched").isEqualTo(255);
        assertThat(out[0]).as("corner is background").isZero();
    }

    @Test
    void lightInkOnDarkGivesTheSameResultAsDarkInkOnLight() {
        BufferedImage dark = TestDigits.strokeSeven(300, 300);
        BufferedImage inverted = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 300; x++) {
                inverted.setRGB(x, y, ~dark.getRGB(x, y) & 0xffffff);
            }
        }
        assertThat(maxDifference(Preprocessor.toMnist(dark), Preprocessor.toMnist(inverted)))
                .isLessThanOrEqualTo(2);
    }

    @Test
    void greyAndTransparentImagesGiveTheSameResultAsRgb() {
        BufferedImage rgb = TestDigits.strokeSeven(300, 300);
        byte[] expected = Preprocessor.toMnist(rgb);

        BufferedImage grey = new BufferedImage(300, 300, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage darkOnClear = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);
        BufferedImage lightOnClear = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 300; x++) {
                int v = rgb.getRGB(x, y) & 0xff;
                grey.getRaster().setSample(x, y, 0, v);
                int ink = 255 - v; // as alpha
                darkOnClear.setRGB(x, y, ink << 24);
                lightOnClear.setRGB(x, y, ink << 24 | 0xffffff);
            }
        }
        assertThat(maxDifference(expected, Preprocessor.toMnist(grey))).isLessThanOrEqualTo(3);
        assertThat(maxDifference(expected, Preprocessor.toMnist(darkOnClear)))
                .isLessThanOrEqualTo(3);
        assertThat(maxDifference(expected, Preprocessor.toMnist(lightOnClear)))
                .isLessThanOrEqualTo(3);
    }

    @Test
    void aCardWithInkInsideAClearMarginIsReadAsPaperWithInk() {
        BufferedImage seven = TestDigits.strokeSeven(200, 200);
        BufferedImage card = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB); // clear all round
        Graphics2D g = card.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRoundRect(20, 20, 260, 260, 40, 40);
        g.drawImage(seven, 50, 50, null);
        g.dispose();
        BufferedImage onWhite = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D w = onWhite.createGraphics();
        w.setColor(Color.WHITE);
        w.fillRect(0, 0, 300, 300);
        w.drawImage(seven, 50, 50, null);
        w.dispose();
        assertThat(maxDifference(Preprocessor.toMnist(onWhite), Preprocessor.toMnist(card))).isLessThanOrEqualTo(3);
    }

    @Test
    void strokesWithAnOpaqueFringeOfAnotherToneOnAClearGroundStayStrokes() {
        // as a transparent GIF keeps anti-aliased black ink: its edge blended onto white, fully opaque
        BufferedImage seven = TestDigits.strokeSeven(300, 300);
        BufferedImage fringed = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 300; x++) {
                int ink = 255 - (seven.getRGB(x, y) & 0xff);
                if (ink >= 128) fringed.setRGB(x, y, 0xff000000);
                else if (ink >= 16) fringed.setRGB(x, y, 0xffffffff - 0x00202020);
            }
        }
        assertThat(meanDifference(Preprocessor.toMnist(seven), Preprocessor.toMnist(fringed))).isLessThan(12);
    }

    @Test
    void thinStrokesOnLargeCanvasStillReachFullInk() {
        BufferedImage image = new BufferedImage(2000, 1500, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(235, 230, 220)); // off-white paper
        g.fillRect(0, 0, 2000, 1500);
        g.setColor(new Color(90, 90, 110)); // grey pencil, 3 px
        g.setStroke(new java.awt.BasicStroke(3));
        g.drawOval(1200, 300, 400, 900);
        g.dispose();

        byte[] out = Preprocessor.toMnist(image);
        assertThat(max(out)).isEqualTo(255);
        int[] box = boundingBox(out);
        assertThat(box[3] - box[1] + 1).isEqualTo(20);
        assertThat(centreOfMass(out)[0]).isCloseTo(14, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void blankOrNoisyPaperHasNoInk() {
        BufferedImage white = new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = white.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 100, 80);
        g.dispose();
        assertThatThrownBy(() -> Preprocessor.toMnist(white))
                .isInstanceOf(ImageException.class)
                .hasMessage("no ink found: the image is blank");

        BufferedImage noisy = new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 100; x++) {
                int v = 235 + random.nextInt(20);
                noisy.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        assertThatThrownBy(() -> Preprocessor.toMnist(noisy))
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("blank");

        BufferedImage black = new BufferedImage(50, 50, BufferedImage.TYPE_BYTE_GRAY);
        assertThatThrownBy(() -> Preprocessor.toMnist(black)).isInstanceOf(ImageException.class);
    }

    @Test
    void toImageEnlargesWithNearestNeighbour() {
        byte[] pixels = new byte[784];
        pixels[0] = (byte) 255;
        pixels[28 + 1] = (byte) 128;
        BufferedImage image = Preprocessor.toImage(pixels, 5);
        assertThat(image.getWidth()).isEqualTo(140);
        assertThat(image.getHeight()).isEqualTo(140);
        assertThat(image.getRGB(4, 4) & 0xffffff).isEqualTo(0xffffff);
        assertThat(image.getRGB(5, 5) & 0xffffff).isEqualTo(0x808080);
        assertThat(image.getRGB(9, 9) & 0xffffff).isEqualTo(0x808080);
        assertThat(image.getRGB(10, 10) & 0xffffff).isZero();
        assertThatThrownBy(() -> Preprocessor.toImage(new byte[10], 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mnistOutputSurvivesARoundTripThroughToImage() {
        byte[] once = Preprocessor.toMnist(TestDigits.strokeSeven(300, 300));
        byte[] twice = Preprocessor.toMnist(Preprocessor.toImage(once, 3));
        assertThat(meanDifference(once, twice)).isLessThan(12);
        assertThat(centreOfMass(twice)[0]).isCloseTo(centreOfMass(once)[0],
                org.assertj.core.data.Offset.offset(1.0));
    }

    // ---- helpers ----

    /** {minX, minY, maxX, maxY} of non-zero pixels. */
    static int[] boundingBox(byte[] p) {
        int[] box = {28, 28, -1, -1};
        for (int i = 0; i < 784; i++) {
            if (p[i] != 0) {
                box[0] = Math.min(box[0], i % 28);
                box[1] = Math.min(box[1], i / 28);
                box[2] = Math.max(box[2], i % 28);
                box[3] = Math.max(box[3], i / 28);
            }
        }
        return box;
    }

    /** {x, y} in pixel-index coordinates. */
    static double[] centreOfMass(byte[] p) {
        double sum = 0, sx = 0, sy = 0;
        for (int i = 0; i < 784; i++) {
            int v = p[i] & 0xff;
            sum += v;
            sx += v * (i % 28);
            sy += v * (i / 28);
        }
        return new double[] {sx / sum, sy / sum};
    }

    private static int max(byte[] p) {
        int m = 0;
        for (byte b : p) {
            m = Math.max(m, b & 0xff);
        }
        return m;
    }

    private static int maxDifference(byte[] a, byte[] b) {
        int m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
        }
        return m;
    }

    static double meanDifference(byte[] a, byte[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return s / a.length;
    }
}
