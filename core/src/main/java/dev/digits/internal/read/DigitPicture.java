package dev.digits.internal.read;

import dev.digits.internal.infer.GreyHistogram;
import dev.digits.internal.infer.ImageDecoder;
import dev.digits.internal.infer.Preprocessor;
import java.awt.image.BufferedImage;
import java.util.BitSet;
import java.util.List;

/**
 * The 28x28 input of a picture of one digit: what {@code predict}, the server's {@code /api/predict},
 * the library's {@code classify} and Spark's job give the model.
 *
 * <p>{@link Preprocessor#toMnist} prepares a picture as a whole, with one paper level: the median
 * of its border. That is right for a scan, a drawing or a crop (MNIST's and USPS's digits, the
 * drawing page), and wrong for a photo of paper lit unevenly or on a desk: the shadow or the desk
 * becomes ink. So a picture is prepared as {@code read} sees a page when three things say it is such
 * a photo:
 * <ol>
 *   <li>it is at least {@value #MIN_SIDE} px on its shorter side (a tile of the paper level is then
 *       at least 10 px; MNIST's 28x28 and USPS's 16x16 never are);
 *   <li>its border is not one level: between the darkest and the lightest tenth of a frame of a
 *       sixteenth of the side, over {@value #UNEVEN} grey levels (in the measurements below, clean scans and drawings: 0-24);
 *   <li>the ink that the reader keeps ({@link NumberReader.Page}: paper level per tile, components,
 *       underlines, dots and specks dropped) stays clear of the picture's edges: a digit that fills
 *       its frame (USPS's, enlarged) makes the border uneven too, and its frame-filling strokes
 *       are what a per-tile paper level would take for paper.
 * </ol>
 * Then all the ink the reader keeps is prepared as one digit, by {@link Preprocessor#toMnist}. The
 * page is read at full size (as {@code read} reads it): a copy of a quarter of the side lost a shadowed
 * digit that the full picture kept (the per-tile paper level is at most 64 px, so a smaller copy
 * has the shadow's gradient steeper across each tile). That costs the server's inference threads
 * 0.2-0.3 s for a 1024 x 1024 picture of noise and 1.3-3 s for 2048 x 2048 (larger than 1
 * megapixel: those take turns, {@code LargePictures}).
 * Single digits on paper with a shadow across it or on photo-like paper went from 26% and 37% read
 * right to 65% and 97%; scans and enlarged MNIST and USPS digits read as before (docs/results.md).
 */
public final class DigitPicture {

    /** The shorter side from which a picture may be a photo of a page. */
    static final int MIN_SIDE = 64;
    /** Grey levels between the border's darkest and lightest tenth over which it is not one paper level. */
    static final int UNEVEN = 24;

    private DigitPicture() {}

    /** The model's input for {@code image}, which shows one digit. */
    public static byte[] toMnist(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        ImageDecoder.checkSize(w, h);
        if (Math.min(w, h) < MIN_SIDE) return Preprocessor.toMnist(image);
        byte[] grey = Preprocessor.grey(image);
        if (borderSpread(grey, w, h) <= UNEVEN) return Preprocessor.toMnist(image);
        NumberReader.Page page = NumberReader.Page.of(image);
        List<Piece> kept = page.groups().pieces();
        if (kept.isEmpty()) return Preprocessor.toMnist(image); // no ink the reader keeps: blank, or too faint, as a whole says
        BitSet all = new BitSet();
        for (Piece p : kept) all.or(p.blobs());
        Piece digit = Piece.of(page.components(), all);
        Box b = digit.box();
        if (b.x() == 0 || b.y() == 0 || b.right() == w || b.bottom() == h) return Preprocessor.toMnist(image);
        return digit.toMnist(page.ink(), page.components());
    }

    /** Grey levels between the darkest and the lightest tenth of a frame a sixteenth of the shorter side wide. */
    static int borderSpread(byte[] grey, int w, int h) {
        GreyHistogram border = GreyHistogram.ofBorder(grey, w, h, Math.max(2, Math.min(w, h) / 16));
        return border.quantile(0.9) - border.quantile(0.1);
    }
}
