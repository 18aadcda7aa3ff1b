package dev.digits.internal.read;

import dev.digits.internal.infer.Preprocessor;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.BitSet;

/**
 * A candidate digit: some components of the ink (a digit written in two strokes is two), limited
 * to the ink between two {@link Cut}s when a wider blob of touching digits was cut.
 *
 * @param blobs the components' ids ({@link Components.Blob#id()})
 * @param from the cut on its left ({@link Cut#LEFT_EDGE} for none)
 * @param to the cut on its right ({@link Cut#RIGHT_EDGE} for none)
 * @param box the bounding box of the piece's ink
 * @param area its number of ink pixels
 */
public record Piece(BitSet blobs, Cut from, Cut to, Box box, int area) {

    /**
     * A cut through touching digits: the straight line {@code x = at + slant * y}, vertical for
     * slant 0, leaning right at the top for a negative slant (y grows downwards), as slanted
     * handwriting does; or, when {@code path} is given, a line that bends around the ink
     * ({@link InkPath}): row {@code top + i} is cut just left of column {@code path[i]} (rows
     * above and below the path are cut as its ends are).
     */
    public record Cut(double at, double slant, int top, int[] path) {
        public static final Cut LEFT_EDGE = new Cut(Double.NEGATIVE_INFINITY, 0);
        public static final Cut RIGHT_EDGE = new Cut(Double.POSITIVE_INFINITY, 0);

        /** A straight cut. */
        public Cut(double at, double slant) {
            this(at, slant, 0, null);
        }

        /** The first column right of the straight line in row {@code y}: x is left of it when x < at + slant * y. */
        int lineColumn(int y) {
            return (int) Math.ceil(at + slant * y);
        }

        /** Whether this cut, bent, never leaves its straight line (then it is that line). */
        boolean straight() {
            if (path == null) return true;
            for (int i = 0; i < path.length; i++) if (path[i] != lineColumn(top + i)) return false;
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cut k && Double.compare(at, k.at) == 0 && Double.compare(slant, k.slant) == 0
                    && top == k.top && java.util.Arrays.equals(path, k.path);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(at, slant, top, java.util.Arrays.hashCode(path));
        }

        /** Whether pixel (x, y) lies left of this cut. */
        boolean leftOf(int x, int y) {
            if (path == null) return x - slant * y < at;
            return x < path[Math.max(0, Math.min(path.length - 1, y - top))];
        }
    }

    /** The piece made of {@code blobs}' ink between the cuts {@code from} and {@code to}; null if there is none. */
    public static Piece of(Components c, BitSet blobs, Cut from, Cut to) {
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1, area = 0;
        for (int id = blobs.nextSetBit(0); id >= 0; id = blobs.nextSetBit(id + 1)) {
            Components.Blob b = c.blobs().get(id);
            for (int y = b.y0(); y <= b.y1(); y++) {
                for (int x = b.x0(); x <= b.x1(); x++) {
                    if (c.labels()[y * c.width() + x] != id || from.leftOf(x, y) || !to.leftOf(x, y)) continue;
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
        return of(c, blobs, Cut.LEFT_EDGE, Cut.RIGHT_EDGE);
    }

    /**
     * The slant of the piece's ink (the least-squares {@code dx/dy} of its pixels, as a
     * {@link Cut#slant()}), at most {@code limit} either way: for two digits side by side, about
     * their common slant.
     */
    double slant(Components c, double limit) {
        double n = 0, sx = 0, sy = 0, sxy = 0, syy = 0;
        for (int y = box.y(); y < box.bottom(); y++) {
            for (int x = box.x(); x < box.right(); x++) {
                if (!contains(c, x, y)) continue;
                n++;
                sx += x;
                sy += y;
                sxy += (double) x * y;
                syy += (double) y * y;
            }
        }
        double varY = syy / n - (sy / n) * (sy / n);
        if (n < 2 || varY <= 0) return 0;
        double cov = sxy / n - (sx / n) * (sy / n);
        return Math.max(-limit, Math.min(limit, cov / varY));
    }

    /** The least and greatest {@code x - slant * y} of the piece's ink: where cuts of that slant can go. */
    double[] span(Components c, double slant) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int y = box.y(); y < box.bottom(); y++) {
            for (int x = box.x(); x < box.right(); x++) {
                if (!contains(c, x, y)) continue;
                lo = Math.min(lo, x - slant * y);
                hi = Math.max(hi, x - slant * y);
            }
        }
        return new double[] {lo, hi};
    }

    public boolean contains(Components c, int x, int y) {
        int label = c.labels()[y * c.width() + x];
        return label >= 0 && blobs.get(label) && !from.leftOf(x, y) && to.leftOf(x, y);
    }

    /**
     * The piece alone, white ink on black with a black margin (its ink values, everything else
     * paper), ready for {@link Preprocessor#toMnist}: the preparation {@code predict} gives a clean picture of one digit.
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
