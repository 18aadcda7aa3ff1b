package dev.digits.readeval;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.ImageException;
import dev.digits.internal.infer.Preprocessor;
import dev.digits.internal.read.Engine;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the gate's {@link dev.digits.internal.read.Probe} is shown as <i>not one digit</i>, each
 * prepared as {@code predict} and the reader prepare a picture. Nothing here is in what measures
 * the gate: the letters are drawn in the Liberation fonts (metric twins of Times, Arial and Courier;
 * {@link NonDigits} measures with DejaVu), the scribbles, shapes and noise come from another seed,
 * and the pieces and groups of digits are cut and composed from MNIST <i>training</i> digits (the
 * reading benchmark composes its numbers from test digits):
 *
 * <ul>
 *   <li>a <b>piece</b>: a digit with the ink left or right of a vertical line taken away, keeping
 *       15-60% of its width: what a wrong cut of a wide digit leaves;
 *   <li>a <b>group</b>: two or three digits side by side that touch or overlap: what the reader
 *       sees before it cuts them.
 * </ul>
 */
public final class NotOneDigit {

    private static final String[] FAMILIES = {"Liberation Serif", "Liberation Sans", "Liberation Mono", "Liberation Sans Narrow"};
    private static final int[] STYLES = {Font.PLAIN, Font.BOLD, Font.ITALIC, Font.BOLD | Font.ITALIC};
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /**
     * How many copies of each letter, moved as the classifier's training digits are (rotation, scale,
     * aspect, an elastic field, stroke width: {@link GateFit#moved}), are shown beside it: 832 printed
     * letters alone left a third of the measuring set's letters (other fonts) taken for digits. With 8,
     * a gate fitted as the eighth session's rejected 80% of them instead of 66% at about the same
     * false rejection (3 gave 73%, 12 gave 76%; docs/results.md). A fixed number, whatever {@code
     * read-gate --sample} is.
     */
    static final int MOVED_LETTERS = 8;

    /** Added to the seed, so that no stream of random numbers is shared with {@link NonDigits#make} of the same seed. */
    private static final long SEED_OFFSET = 1_000_003;

    private NotOneDigit() {}

    /**
     * The prepared 28x28 inputs: every letter in every font and style, {@code others} each of
     * scribbles, shapes and noise, and {@code parts} each of pieces, pairs and (half as many) trios.
     */
    public static List<byte[]> make(Mnist train, int others, int parts, long seed) {
        Random r = new Random(seed + SEED_OFFSET);
        List<byte[]> out = new ArrayList<>();
        for (BufferedImage letter : NonDigits.printed(LETTERS, FAMILIES, STYLES, r)) add(out, letter);
        for (int i = 0; i < others; i++) {
            add(out, NonDigits.scribble(r));
            add(out, NonDigits.shape(i % 5, r));
            add(out, NonDigits.noise(i % 3, r));
        }
        for (int i = 0; i < parts; i++) {
            add(out, piece(train.image(r.nextInt(train.size())), r));
            add(out, group(train, 2, r));
            if (i % 2 == 0) add(out, group(train, 3, r));
        }
        return out;
    }

    /** {@link #MOVED_LETTERS} moved copies of each letter of {@link #make} of the same seed, drawn at random. */
    public static List<byte[]> movedLetters(long seed) {
        List<byte[]> letters = new ArrayList<>();
        for (BufferedImage letter : NonDigits.printed(LETTERS, FAMILIES, STYLES, new Random(seed + SEED_OFFSET))) add(letters, letter);
        return GateFit.moved(Engine.pack(letters), letters.size(), MOVED_LETTERS * letters.size(), new Random(seed + SEED_OFFSET + 2));
    }

    /**
     * The digits 0-9 in the same fonts, styles and transforms as the letters: shown to the probe as
     * digits, so that what it learns is letters against digits, not print against handwriting (a
     * printed house number is read too).
     */
    public static List<byte[]> printedDigits(long seed) {
        List<byte[]> out = new ArrayList<>();
        for (BufferedImage digit : NonDigits.printed("0123456789", FAMILIES, STYLES, new Random(seed + SEED_OFFSET + 1))) add(out, digit);
        return out;
    }

    private static void add(List<byte[]> out, BufferedImage picture) {
        try {
            out.add(Preprocessor.toMnist(picture));
        } catch (ImageException e) {
            if (e.reason() != ImageException.Reason.NO_INK) throw e; // no ink: nothing to show
        }
    }

    /** The digit with the ink on one side of a vertical line through it taken away. */
    static BufferedImage piece(byte[] digit, Random r) {
        int x0 = Mnist.SIDE, x1 = -1;
        for (int i = 0; i < digit.length; i++) {
            if ((digit[i] & 0xff) > Preprocessor.INK_THRESHOLD) {
                x0 = Math.min(x0, i % Mnist.SIDE);
                x1 = Math.max(x1, i % Mnist.SIDE);
            }
        }
        int keep = (int) Math.round((x1 - x0 + 1) * (0.15 + 0.45 * r.nextDouble()));
        boolean left = r.nextBoolean();
        int cut = left ? x0 + keep : x1 + 1 - keep;
        byte[] kept = new byte[digit.length];
        for (int i = 0; i < digit.length; i++) if (left == i % Mnist.SIDE < cut) kept[i] = digit[i];
        return Preprocessor.toImage(kept, 1);
    }

    /** {@code count} training digits side by side, each overlapping the one before by 0-8 columns of its 20-wide box. */
    static BufferedImage group(Mnist train, int count, Random r) {
        BufferedImage img = new BufferedImage(Mnist.SIDE * count, Mnist.SIDE + 6, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        int at = 0;
        for (int k = 0; k < count; k++) {
            byte[] digit = train.image(r.nextInt(train.size()));
            int dy = r.nextInt(7);
            for (int y = 0; y < Mnist.SIDE; y++) {
                for (int x = 0; x < Mnist.SIDE; x++) {
                    int v = digit[y * Mnist.SIDE + x] & 0xff;
                    if (v > raster.getSample(at + x, y + dy, 0)) raster.setSample(at + x, y + dy, 0, v);
                }
            }
            at += Mnist.SIDE - 4 - 4 - r.nextInt(9); // the 4-pixel margins, then 0-8 columns of overlap
            at = Math.max(at, 0);
        }
        return img;
    }
}
