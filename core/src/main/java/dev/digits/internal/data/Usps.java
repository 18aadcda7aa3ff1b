package dev.digits.internal.data;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A set of USPS zip-code digits (LeCun et al., 1990, as in <i>The Elements of Statistical
 * Learning</i>): 16x16 grey scans, deslanted and scaled to fill the box, with labels.
 *
 * <p>This package gives them as they are, 16x16; they reach the model as 28x28 only through the
 * preparation that {@code ./mnist predict} gives any image ({@code dev.digits.internal.eval.Dataset}, which
 * may use {@code dev.digits.internal.infer}; this package may not).
 *
 * @param images {@code size * 256} bytes, row-major, as ink: 0 paper, 255 (unsigned) full ink
 * @param labels {@code size} labels 0..9
 */
public record Usps(byte[] images, byte[] labels) {

    public static final int SIDE = 16;
    public static final int PIXELS = SIDE * SIDE;

    /** The folder bundled with the project (relative to it, as {@link Mnist#BUNDLED}). */
    public static final Path BUNDLED = Path.of("data", "usps");

    public Usps {
        if (images.length != labels.length * PIXELS) {
            throw new IllegalArgumentException("images and labels disagree");
        }
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    /**
     * Digit {@code i} as a scan gives it: a 16x16 grey image, dark ink on light paper (paper 255,
     * full ink 0).
     */
    public BufferedImage image(int i) {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        int[] grey = new int[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            grey[p] = 255 - (images[i * PIXELS + p] & 0xff);
        }
        image.getRaster().setSamples(0, 0, SIDE, SIDE, 0, grey);
        return image;
    }

    /** The file of {@code split}: {@code zip.train.gz} or {@code zip.test.gz}. */
    public static String fileName(Mnist.Split split) {
        return split == Mnist.Split.TRAIN ? "zip.train.gz" : "zip.test.gz";
    }

    /**
     * Loads one split from {@code dir}, which holds {@link #fileName} and {@code SHA256SUMS}; the
     * file's SHA-256 is checked first.
     *
     * @throws DataException (one line naming the file, and the line if one is malformed) if the
     *     folder or file is missing, the hash differs or the text is not USPS's format
     */
    public static Usps load(Path dir, Mnist.Split split) {
        dir = Bundled.folder(dir, BUNDLED);
        return UspsFile.read(dir.resolve(fileName(split)));
    }
}
