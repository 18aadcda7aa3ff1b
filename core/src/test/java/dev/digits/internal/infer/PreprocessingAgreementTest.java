package dev.digits.internal.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.run.RunFolder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * MNIST test digits turned into the kind of file a user has (200x200, dark ink on white, shifted
 * off-centre, PNG) must be read as the trained model reads the originals.
 */
class PreprocessingAgreementTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixture-model");

    /** Digit {@code pixels} drawn as dark ink on white paper, scaled to 200x200 and placed off-centre on a 300x300 sheet. */
    static byte[] asUserFile(byte[] pixels, Random rng) throws IOException {
        BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 784; i++) digit.getRaster().setSample(i % 28, i / 28, 0, 255 - (pixels[i] & 0xff));
        BufferedImage sheet = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 300, 300);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(digit, rng.nextInt(100), rng.nextInt(100), 200, 200, null);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(sheet, "png", png);
        return png.toByteArray();
    }

    @Test
    void fiveHundredRedrawnTestDigitsGetTheSameLabelAsTheOriginals() throws IOException {
        Mnist test = Mnist.load(Mnist.BUNDLED, Mnist.Split.TEST);
        Random rng = new Random(5);
        List<byte[]> originals = new ArrayList<>();
        List<byte[]> redrawn = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] image = test.image(i * 20);
            originals.add(image);
            redrawn.add(Preprocessor.toMnist(ImageDecoder.read(asUserFile(image, rng))));
        }
        try (DigitClassifier classifier = DigitClassifier.load(new RunFolder(FIXTURE))) {
            List<Prediction> a = classifier.classify(originals);
            List<Prediction> b = classifier.classify(redrawn);
            int same = 0;
            for (int i = 0; i < 500; i++) if (a.get(i).digit() == b.get(i).digit()) same++;
            assertThat(same).as("agreeing labels of 500").isGreaterThanOrEqualTo(490);
        }
    }
}
