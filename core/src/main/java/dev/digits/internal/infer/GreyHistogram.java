package dev.digits.internal.infer;

/**
 * How many pixels have each grey level 0..255, and the quantiles read from it: the paper level of
 * a picture's border ({@link Preprocessor}, and how uneven it is for {@code DigitPicture}), the
 * tones of a card's opaque pixels.
 *
 * @param counts pixels per grey level, 256 of them
 * @param total their sum
 */
public record GreyHistogram(long[] counts, long total) {

    /** The grey of a frame along the border of a {@code w x h} picture, {@code thickness} px thick. */
    public static GreyHistogram ofBorder(byte[] grey, int w, int h, int thickness) {
        long[] counts = new long[256];
        long n = 0;
        for (int y = 0; y < h; y++) {
            boolean edgeRow = y < thickness || y >= h - thickness;
            for (int x = 0; x < w; x++) {
                if (edgeRow || x < thickness || x >= w - thickness) {
                    counts[grey[y * w + x] & 0xff]++;
                    n++;
                }
            }
        }
        return new GreyHistogram(counts, n);
    }

    /** The grey at or below which a share {@code q} of the pixels lie. */
    public int quantile(double q) {
        long seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += counts[v];
            if (seen >= q * total) return v;
        }
        return 255;
    }
}
