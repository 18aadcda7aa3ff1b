package dev.digits.internal.read;

import dev.digits.internal.model.NumberNet;
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

    public static final int HEIGHT = NumberNet.HEIGHT;
    /** Rows of margin above and below the ink, and columns left and right. */
    static final int MARGIN = 2;
    /** The widest strip: wider numbers are squeezed. */
    public static final int MAX_WIDTH = 384;

    /** The strip of a picture, found as {@link NumberReader} finds its digits. */
    public static Strip of(BufferedImage image) {
        NumberReader.Page page = NumberReader.Page.of(image);
        return of(page.ink(), page.components(), page.groups().pieces());
    }

    /** The strip of the ink of {@code pieces} (disjoint groups of components, as the {@link Segmenter} makes them). */
    static Strip of(InkMap ink, Components c, List<Piece> pieces) {
        if (pieces.isEmpty()) return new Strip(new float[HEIGHT * 8], 8, null, 1);
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = 0, y1 = 0, area = 0;
        for (Piece p : pieces) {
            x0 = Math.min(x0, p.box().x());
            y0 = Math.min(y0, p.box().y());
            x1 = Math.max(x1, p.box().right());
            y1 = Math.max(y1, p.box().bottom());
            area += p.area();
        }
        int w = x1 - x0, h = y1 - y0;
        double scale = Math.min((HEIGHT - 2.0 * MARGIN) / h, (MAX_WIDTH - 2.0 * MARGIN) / w);
        int sw = Math.max(8, (int) Math.ceil(w * scale) + 2 * MARGIN);
        int top0 = (int) Math.round((HEIGHT - h * scale) / 2);
        boolean down = scale <= 1;
        float[] out = new float[HEIGHT * sw];
        // an upscaled picture is small (its box under the strip's height): its ink is kept to be sampled bilinearly
        float[] kept = down ? null : new float[w * h];
        // one pass over the pieces' own boxes (never the whole picture's): the ink's values, for its
        // 90th percentile, and either each pixel added to the strip pixel it falls in or kept
        float[] values = new float[area];
        int n = 0;
        for (Piece p : pieces) {
            Box b = p.box();
            for (int y = b.y(); y < b.bottom(); y++) {
                int sy = top0 + (int) ((y - y0) * scale);
                for (int x = b.x(); x < b.right(); x++) {
                    if (n >= area || !p.contains(c, x, y)) continue;
                    float v = ink.ink()[y * ink.width() + x];
                    values[n++] = v;
                    int sx = MARGIN + (int) ((x - x0) * scale);
                    if (!down) kept[(y - y0) * w + (x - x0)] = v;
                    else if (sy >= 0 && sy < HEIGHT && sx < sw) out[sy * sw + sx] += v;
                }
            }
        }
        Arrays.sort(values, 0, n);
        float top = n == 0 ? 1 : Math.max(1, values[Math.min(n - 1, (int) (n * 0.9))]);
        if (down) {
            // area sampling: each strip pixel is the mean of the picture pixels that fall in it, ink or not
            float[] weight = new float[HEIGHT * sw];
            for (int y = 0; y < h; y++) {
                int sy = top0 + (int) (y * scale);
                for (int x = 0; x < w; x++) {
                    int sx = MARGIN + (int) (x * scale);
                    if (sy >= 0 && sy < HEIGHT && sx < sw) weight[sy * sw + sx] += 1;
                }
            }
            for (int i = 0; i < out.length; i++) out[i] = weight[i] > 0 ? Math.min(1f, out[i] / weight[i] / top) : 0;
        } else {
            for (int sy = 0; sy < HEIGHT; sy++) {
                for (int sx = 0; sx < sw; sx++) {
                    double x = (sx - MARGIN + 0.5) / scale - 0.5, y = (sy - top0 + 0.5) / scale - 0.5;
                    out[sy * sw + sx] = Math.min(1f, bilinear(kept, w, h, x, y) / top);
                }
            }
        }
        return new Strip(out, sw, new Box(x0, y0, w, h), scale);
    }

    /** This strip's ink into row {@code index} of a batch {@code w} wide, moved right by {@code dx} and down by {@code dy} (rows moved out are dropped). */
    public void into(float[] batch, int index, int w, int dx, int dy) {
        for (int y = Math.max(0, dy); y < Math.min(HEIGHT, HEIGHT + dy); y++) {
            System.arraycopy(ink, (y - dy) * width, batch, (index * HEIGHT + y) * w + dx, width);
        }
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
