package dev.digits.internal.read;

import dev.digits.internal.infer.Preprocessor;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.BitSet;

/**
 * A candidate digit: some components of the ink (a digit written in two strokes is two), limited
 * to the columns {@code from <= x < to} when a wider blob of touching digits was cut.
 *
 * @param blobs the components' ids ({@link Components.Blob#id()})
 * @param from the first column
 * @param to the column after the last
 * @param box the bounding box of the piece's ink
 * @param area its number of ink pixels
 */
public record Piece(BitSet blobs, int from, int to, Box box, int area) {

    /** The piece made of {@code blobs}' ink in columns {@code from..to-1}; null if there is none. */
    public static Piece of(Components c, BitSet blobs, int from, int to) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1, area = 0;
        for (int id = blobs.nextSetBit(0); id >= 0; id = blobs.nextSetBit(id + 1)) {
            Components.Blob b = c.blobs().get(id);
            for (int y = b.y0(); y <= b.y1(); y++) {
                for (int x = Math.max(from, b.x0()); x <= Math.min(to - 1, b.x1()); x++) {
                    if (c.labels()[y * c.width() + x] != id) continue;
                    area++;
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (area == 0) return null;
        return new Piece((BitSet) blobs.clone(), from, to, new Box(x0, y0, x1 - x0 + 1, y1 - y0 + 1), area);
    }

    /** The piece made of whole components. */
    public static Piece of(Components c, BitSet blobs) {
        return of(c, blobs, 0, c.width());
    }

    public boolean contains(Components c, int x, int y) {
        if (x < from || x >= to) return false;
        int label = c.labels()[y * c.width() + x];
        return label >= 0 && blobs.get(label);
    }

    /**
     * The piece alone, white ink on black with a black margin (its ink values, everything else
     * paper), ready for {@link Preprocessor#toMnist}: the same preparation as {@code predict}.
     */
    public BufferedImage render(InkMap ink, Components c) {
        int margin = 2 + Math.max(box.width(), box.height()) / 10;
        int w = box.width() + 2 * margin;
        int h = box.height() + 2 * margin;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = out.getRaster();
        int max = 1;
        for (int y = box.y(); y < box.bottom(); y++) {
            for (int x = box.x(); x < box.right(); x++) {
                if (contains(c, x, y)) max = Math.max(max, ink.ink()[y * ink.width() + x]);
            }
        }
        for (int y = box.y(); y < box.bottom(); y++) {
            for (int x = box.x(); x < box.right(); x++) {
                if (contains(c, x, y)) {
                    int v = Math.min(255, ink.ink()[y * ink.width() + x] * 255 / max);
                    raster.setSample(x - box.x() + margin, y - box.y() + margin, 0, v);
                }
            }
        }
        return out;
    }

    /** The 28x28 MNIST-style input of this piece. */
    public byte[] toMnist(InkMap ink, Components c) {
        return Preprocessor.toMnist(render(ink, c));
    }
}
