package dev.digits.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.data.DataException;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.data.Usps;
import dev.digits.internal.infer.Preprocessor;
import org.junit.jupiter.api.Test;

class DatasetTest {

    @Test
    void uspsDigitsArePreparedAsPredictPreparesAnyImage() {
        Usps raw = Usps.load(Usps.BUNDLED, Mnist.Split.TEST);
        Mnist prepared = Dataset.USPS.load(Mnist.Split.TEST);
        assertThat(prepared.size()).isEqualTo(2_007);
        assertThat(prepared.labels()).containsExactly(raw.labels());
        for (int i = 0; i < prepared.size(); i++) {
            byte[] image = prepared.image(i);
            assertThat(image).as("digit %d is predict's own preparation of its scan", i)
                    .containsExactly(Preprocessor.toMnist(raw.image(i)));
            double[] centre = centreOfMass(image);
            assertThat(Math.abs(centre[0] - 14)).as("digit %d: centre of mass x %.2f", i, centre[0]).isLessThan(1.0);
            assertThat(Math.abs(centre[1] - 14)).as("digit %d: centre of mass y %.2f", i, centre[1]).isLessThan(1.0);
            int[] box = inkBox(image);
            assertThat(Math.max(box[2] - box[0], box[3] - box[1]) + 1).as("digit %d fits 20x20", i).isBetween(19, 20);
        }
    }

    @Test
    void aScanWithoutInkNamesItsLine() {
        byte[] images = new byte[2 * Usps.PIXELS];
        images[100] = (byte) 255; // digit 1 has one inked pixel, digit 2 none
        Usps usps = new Usps(images, new byte[] {1, 2});
        assertThatThrownBy(() -> Dataset.prepare(usps, "zip.test.gz"))
                .isInstanceOf(DataException.class)
                .hasMessage("zip.test.gz: line 2: no ink found: the image is blank");
    }

    @Test
    void setsAreNamedInAnyCase() {
        assertThat(Dataset.named("usps")).isEqualTo(Dataset.USPS);
        assertThat(Dataset.named("MNIST")).isEqualTo(Dataset.MNIST);
        assertThat(Dataset.named("data/usps")).isNull();
        assertThat(Dataset.USPS.folder()).isEqualTo(Usps.BUNDLED);
    }

    /** (x, y) of the centre of mass, in pixel-index coordinates. */
    static double[] centreOfMass(byte[] image) {
        double sum = 0, sx = 0, sy = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = image[y * 28 + x] & 0xff;
                sum += v;
                sx += x * v;
                sy += y * v;
            }
        }
        return new double[] {sx / sum, sy / sum};
    }

    /** x0, y0, x1, y1 of the pixels with any ink. */
    private static int[] inkBox(byte[] image) {
        int[] box = {28, 28, -1, -1};
        for (int i = 0; i < image.length; i++) {
            if (image[i] != 0) {
                box[0] = Math.min(box[0], i % 28);
                box[1] = Math.min(box[1], i / 28);
                box[2] = Math.max(box[2], i % 28);
                box[3] = Math.max(box[3], i / 28);
            }
        }
        return box;
    }
}
