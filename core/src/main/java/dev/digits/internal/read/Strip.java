package dev.digits.internal.read;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * A picture's number as one strip {@value #HEIGHT} pixels high, for a model that reads the whole
 * number at once: the ink of the groups the {@link Segmenter} keeps (specks, single pixels and
 * underlines left out), their common box scaled to the strip's height with a margin, ink 0..1
 * (its 90th percentile is 1), everything else 0.
 *
 * @param ink row-major, {@value #HEIGHT} rows of {@code width}
 * @param width the strip's width in pixels
 * @param source the picture's box the strip shows (null when the picture holds no ink)
 * @param scale strip pixels per picture pixel
 */
public record Strip(float[] ink, int width, Box source, double scale) {

    public static final int HEIGHT = 32;
    /** Rows of margin above and below the ink, and columns left and right. */
    static final int MARGIN = 2;
    /** The widest strip: wider numbers are squeezed. */
    public static final int MAX_WIDTH = 384;

    /** The strip of a picture, found as {@link NumberReader} finds its digits. */
    public static Strip of(BufferedImage image) {
        InkMap ink = InkMap.of(image);
        Components c = Underlines.erase(ink, Components.of(ink));
        return of(ink, c, Segmenter.group(c).pieces());
    }

    /** The strip of the ink of {@code pieces}. */
    static Strip of(InkMap ink, Components c, List<Piece> pieces) {
        if (pieces.isEmpty()) return new Strip(new float[HEIGHT * 8], 8, null, 1);
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = 0, y1 = 0;
        for (Piece p : pieces) {
            x0 = Math.min(x0, p.box().x());
            y0 = Math.min(y0, p.box().y());
            x1 = Math.max(x1, p.box().right());
            y1 = Math.max(y1, p.box().bottom());
        }
        int w = x1 - x0, h = y1 - y0;
        float[] kept = new float[w * h];
        float[] values = new float[w * h];
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                for (Piece p : pieces) {
                    if (p.box().x() <= x && x < p.box().right() && p.box().y() <= y && y < p.box().bottom() && p.contains(c, x, y)) {
                        float v = ink.ink()[y * ink.width() + x];
                        kept[(y - y0) * w + (x - x0)] = v;
                        values[n++] = v;
                        break;
                    }
                }
            }
        }
        Arrays.sort(values, 0, n);
        float top = Math.max(1, values[Math.min(n - 1, (int) (n * 0.9))]);
        double scale = Math.min((HEIGHT - 2.0 * MARGIN) / h, (MAX_WIDTH - 2.0 * MARGIN) / w);
        int sw = Math.max(8, (int) Math.ceil(w * scale) + 2 * MARGIN);
        int sh = HEIGHT;
        int top0 = (int) Math.round((HEIGHT - h * scale) / 2);
        float[] out = new float[sh * sw];
        float[] weight = new float[sh * sw];
        // area sampling: each picture pixel adds its ink to the strip pixels it covers (downscaling);
        // upscaled pictures are sampled bilinearly instead
        if (scale <= 1) {
            for (int y = 0; y < h; y++) {
                int sy = top0 + (int) (y * scale);
                if (sy < 0 || sy >= sh) continue;
                for (int x = 0; x < w; x++) {
                    int sx = MARGIN + (int) (x * scale);
                    if (sx >= sw) continue;
                    out[sy * sw + sx] += kept[y * w + x];
                    weight[sy * sw + sx] += 1;
                }
            }
            for (int i = 0; i < out.length; i++) out[i] = weight[i] > 0 ? Math.min(1f, out[i] / weight[i] / top) : 0;
        } else {
            for (int sy = 0; sy < sh; sy++) {
                for (int sx = 0; sx < sw; sx++) {
                    double x = (sx - MARGIN + 0.5) / scale - 0.5, y = (sy - top0 + 0.5) / scale - 0.5;
                    out[sy * sw + sx] = Math.min(1f, bilinear(kept, w, h, x, y) / top);
                }
            }
        }
        return new Strip(out, sw, new Box(x0, y0, w, h), scale);
    }

    /** The picture's column at strip column {@code x} (fractions allowed). */
    public double pictureX(double x) {
        return source == null ? 0 : source.x() + (x - MARGIN) / scale;
    }

    private static float bilinear(float[] d, int w, int h, double x, double y) {
        int ix = (int) Math.floor(x), iy = (int) Math.floor(y);
        double ax = x - ix, ay = y - iy;
        return (float) ((1 - ay) * ((1 - ax) * at(d, w, h, ix, iy) + ax * at(d, w, h, ix + 1, iy))
                + ay * ((1 - ax) * at(d, w, h, ix, iy + 1) + ax * at(d, w, h, ix + 1, iy + 1)));
    }

    private static float at(float[] d, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0 : d[y * w + x];
    }
}
