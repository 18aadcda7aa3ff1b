package dev.digits.internal.read;

import dev.digits.internal.infer.ImageDecoder;
import dev.digits.internal.infer.Preprocessor;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Objects;

/**
 * The ink of a whole picture: how much ink each pixel holds (0..255, bright ink on a black field)
 * and which pixels count as ink, for a page with several digits on it.
 *
 * <p>Unlike a single digit's picture, a photo of a number can be lit unevenly and printed on
 * textured paper, so the paper level is not one number:
 *
 * <ol>
 *   <li>grey exactly as {@link Preprocessor#grey} sees it;
 *   <li>the paper's side is the median of the whole picture (paper covers most of it); a light
 *       paper is inverted so that ink is bright;
 *   <li>the paper level is estimated per tile ({@link #tile}: a tile is larger than a stroke is
 *       wide) as the tile's median, smoothed by taking the second lowest of each tile and its
 *       neighbours, and interpolated bilinearly; it is subtracted;
 *   <li>ink is what stands above an Otsu threshold of what is left, and at least
 *       {@link Preprocessor#INK_THRESHOLD}.
 * </ol>
 *
 * @param width picture width
 * @param height picture height
 * @param ink ink per pixel, row-major, 0..255 above the local paper level
 * @param mask whether each pixel is ink
 */
public record InkMap(int width, int height, int[] ink, boolean[] mask) {

    public InkMap {
        Objects.requireNonNull(ink, "ink");
        Objects.requireNonNull(mask, "mask");
        if (ink.length != width * height || mask.length != width * height) {
            throw new IllegalArgumentException("ink and mask must have width * height values");
        }
    }

    /** The ink of any decoded picture (size checked as {@link ImageDecoder} does). */
    public static InkMap of(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        int w = image.getWidth();
        int h = image.getHeight();
        ImageDecoder.checkSize(w, h);
        byte[] grey = Preprocessor.grey(image);
        int[] v = new int[w * h];
        for (int i = 0; i < v.length; i++) v[i] = grey[i] & 0xff;
        if (median(v) > 127) {
            for (int i = 0; i < v.length; i++) v[i] = 255 - v[i];
        }
        int[] paper = paperLevel(v, w, h);
        int[] ink = new int[v.length];
        for (int i = 0; i < v.length; i++) ink[i] = Math.max(0, v[i] - paper[i]);
        int threshold = Math.max(Preprocessor.INK_THRESHOLD, otsu(ink));
        boolean[] mask = new boolean[v.length];
        for (int i = 0; i < v.length; i++) mask[i] = ink[i] >= threshold;
        return new InkMap(w, h, ink, mask);
    }

    /** Side of the tiles the paper level is measured in: a sixth of the shorter side, 8 to 64 px. */
    static int tile(int w, int h) {
        return Math.max(8, Math.min(64, Math.min(w, h) / 6));
    }

    /**
     * The local paper level: each tile's median, then each tile's second smallest among its 3x3
     * neighbours (a tile covered by a thick stroke takes its neighbours' paper), interpolated.
     * Not the smallest: at the edge of a shadow, one light tile beside it made the shadowed paper
     * ink (two of the uneven-light hard cases read 43 for 843 and 34 for 342; the
     * benchmark, without sharp shadows, moved by under a point either way over four seeds). A
     * corner tile has only four tiles to choose from, an edge tile six: there one thick stroke
     * weighs more.
     */
    static int[] paperLevel(int[] v, int w, int h) {
        int t = tile(w, h);
        int tw = (w + t - 1) / t;
        int th = (h + t - 1) / t;
        int[] medians = new int[tw * th];
        int[] buf = new int[t * t];
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                int n = 0;
                for (int y = ty * t; y < Math.min(h, ty * t + t); y++) {
                    for (int x = tx * t; x < Math.min(w, tx * t + t); x++) buf[n++] = v[y * w + x];
                }
                medians[ty * tw + tx] = median(Arrays.copyOf(buf, n));
            }
        }
        int[] low = new int[medians.length];
        int[] near = new int[9];
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = ty + dy, xx = tx + dx;
                        if (yy >= 0 && yy < th && xx >= 0 && xx < tw) near[n++] = medians[yy * tw + xx];
                    }
                }
                Arrays.sort(near, 0, n);
                low[ty * tw + tx] = near[Math.min(n - 1, 1)];
            }
        }
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            double fy = Math.max(0, Math.min(th - 1, (y + 0.5) / t - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(th - 1, y0 + 1);
            double ay = fy - y0;
            for (int x = 0; x < w; x++) {
                double fx = Math.max(0, Math.min(tw - 1, (x + 0.5) / t - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(tw - 1, x0 + 1);
                double ax = fx - x0;
                double top = low[y0 * tw + x0] * (1 - ax) + low[y0 * tw + x1] * ax;
                double bottom = low[y1 * tw + x0] * (1 - ax) + low[y1 * tw + x1] * ax;
                out[y * w + x] = (int) Math.round(top * (1 - ay) + bottom * ay);
            }
        }
        return out;
    }

    /** Otsu's threshold of values 0..255: the cut that best separates two classes. */
    static int otsu(int[] v) {
        long[] hist = new long[256];
        for (int x : v) hist[Math.min(255, x)]++;
        long total = v.length;
        double sumAll = 0;
        for (int i = 0; i < 256; i++) sumAll += i * (double) hist[i];
        double sumB = 0, best = -1;
        long wB = 0;
        int threshold = 0;
        for (int t = 0; t < 256; t++) {
            wB += hist[t];
            if (wB == 0) continue;
            long wF = total - wB;
            if (wF == 0) break;
            sumB += t * (double) hist[t];
            double mB = sumB / wB;
            double mF = (sumAll - sumB) / wF;
            double between = (double) wB * wF * (mB - mF) * (mB - mF);
            if (between > best) {
                best = between;
                threshold = t + 1;
            }
        }
        return threshold;
    }

    private static int median(int[] values) {
        int[] hist = new int[256];
        for (int x : values) hist[x]++;
        long seen = 0;
        for (int i = 0; i < 256; i++) {
            seen += hist[i];
            if (2 * seen >= values.length) return i;
        }
        return 255;
    }
}
