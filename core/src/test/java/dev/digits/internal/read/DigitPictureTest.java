package dev.digits.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.Preprocessor;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DigitPictureTest {

    static Mnist test;

    @BeforeAll
    static void load() {
        test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST).head(10);
    }

    /**
     * Test digit {@code i}, enlarged 4 times, dark on light paper in a picture {@code side} px
     * square; {@code shadow}: how much darker the paper gets towards the left edge (0: none).
     */
    static BufferedImage onPaper(int i, int side, double shadow) {
        byte[] d = test.image(i);
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        int x0 = (side - 112) / 2;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double paper = 235 * (1 - shadow * Math.max(0, 1 - x / (0.5 * side)));
                int dx = x - x0, dy = y - x0;
                double ink = dx >= 0 && dy >= 0 && dx < 112 && dy < 112 ? (d[(dy / 4) * 28 + dx / 4] & 0xff) / 255.0 : 0;
                r.setSample(x, y, 0, (int) Math.round(paper * (1 - 0.85 * ink)));
            }
        }
        return img;
    }

    /** Pearson's correlation of two 28x28 inputs. */
    static double similarity(byte[] a, byte[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] & 0xff;
            mb += b[i] & 0xff;
        }
        ma /= a.length;
        mb /= b.length;
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            double x = (a[i] & 0xff) - ma, y = (b[i] & 0xff) - mb;
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void aScanADrawingOrASmallPictureIsPreparedAsAWhole() {
        BufferedImage clean = onPaper(0, 200, 0);
        assertThat(DigitPicture.toMnist(clean)).isEqualTo(Preprocessor.toMnist(clean));
        BufferedImage small = Preprocessor.toImage(test.image(1), 1); // MNIST's own 28x28
        assertThat(DigitPicture.toMnist(small)).isEqualTo(Preprocessor.toMnist(small));
    }

    @Test
    void aShadowAcrossThePaperIsNotTakenForInk() {
        // test image 0, a 7, under a shadow that darkens the paper's left half by up to 60%
        byte[] clean = Preprocessor.toMnist(onPaper(0, 200, 0));
        BufferedImage shadowed = onPaper(0, 200, 0.6);
        assertThat(DigitPicture.borderSpread(Preprocessor.grey(shadowed), 200, 200)).isGreaterThan(DigitPicture.UNEVEN);
        assertThat(similarity(Preprocessor.toMnist(shadowed), clean)).isLessThan(0.5); // as a whole: the shadow is ink
        assertThat(similarity(DigitPicture.toMnist(shadowed), clean)).isGreaterThan(0.9);
    }

    @Test
    void aLargePhotoIsReadAsAPageAtItsFullSize() {
        // 1,600 px square (a phone photo's size, cut square), the digit small in it; a copy at 400 px lost it
        byte[] clean = Preprocessor.toMnist(onPaper(0, 200, 0));
        BufferedImage shadowed = onPaper(0, 1600, 0.6);
        assertThat(similarity(Preprocessor.toMnist(shadowed), clean)).isLessThan(0.5);
        assertThat(similarity(DigitPicture.toMnist(shadowed), clean)).isGreaterThan(0.9);
    }

    @Test
    void aDigitThatFillsItsFrameIsPreparedAsAWholeThoughItsBorderIsUneven() {
        // the same shadowed 7 cut to its ink's box: its strokes reach the edges, as USPS's digits do
        byte[] d = test.image(0);
        int x0 = 28, y0 = 28, x1 = 0, y1 = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if ((d[y * 28 + x] & 0xff) > 0) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x + 1);
                    y1 = Math.max(y1, y + 1);
                }
            }
        }
        int w = 4 * (x1 - x0), h = 4 * (y1 - y0);
        BufferedImage copy = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        copy.getGraphics().drawImage(onPaper(0, 200, 0.6).getSubimage(44 + 4 * x0, 44 + 4 * y0, w, h), 0, 0, null);
        assertThat(Math.min(w, h)).isGreaterThanOrEqualTo(DigitPicture.MIN_SIDE);
        assertThat(DigitPicture.borderSpread(Preprocessor.grey(copy), w, h)).isGreaterThan(DigitPicture.UNEVEN);
        assertThat(DigitPicture.toMnist(copy)).isEqualTo(Preprocessor.toMnist(copy));
    }
}
