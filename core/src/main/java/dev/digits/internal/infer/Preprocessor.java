package dev.digits.internal.infer;

import dev.digits.internal.model.InputContract;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Objects;

/**
 * Turns any picture of a digit into the 28x28 input that MNIST itself was made from.
 *
 * <p>MNIST's recipe (LeCun et al.): the digit is size-normalised, keeping its aspect ratio, to fit
 * a 20x20 box with anti-aliasing, then placed in a 28x28 field so that its centre of mass sits at
 * the centre of the field. The images are white ink (255) on black (0). {@link #toMnist} does the
 * same for a photo, a scan or a drawing:
 *
 * <ol>
 *   <li>grey by luminance (Rec. 601), compositing any transparency onto a matte that contrasts
 *       with the strokes (or, around a card or a sheet with ink on it, onto its paper);
 *   <li>the background is the median of a frame along the border; if it is light the image is
 *       inverted so that ink is bright, and the background level is subtracted;
 *   <li>pixels with less than {@value #INK_THRESHOLD} of 255 ink count as paper (noise, JPEG);
 *   <li>crop to the bounding box of the ink;
 *   <li>resample (area averaging when shrinking, bilinear when enlarging) so the larger side is
 *       {@value #BOX} px, then stretch the contrast so the brightest pixel is 255;
 *   <li>place in a black {@value #SIZE}x{@value #SIZE} canvas, shifted by a whole number of pixels
 *       so that the centre of mass (in pixel-index coordinates) is as close to (14, 14) as
 *       possible without any ink leaving the canvas.
 * </ol>
 *
 * <p>Files and uploads are decoded by {@link ImageDecoder}, which guards against oversized images;
 * {@link #toImage} goes the other way, to show the 28x28 input.
 */
public final class Preprocessor {

    /** Side of the output image, in pixels: the model's input ({@link InputContract#SIDE}). */
    public static final int SIZE = InputContract.SIDE;
    /** Side of the box the digit is scaled to fit, in pixels. */
    public static final int BOX = 20;
    /** Ink below this (of 255, after inversion and background removal) counts as paper. */
    public static final int INK_THRESHOLD = 30;

    private static final String BLANK = "no ink found: the image is blank";

    private Preprocessor() {}

    /**
     * Converts an image of one digit into MNIST's format.
     *
     * @param image any image: dark ink on light paper or light ink on dark, any colour model
     * @return 784 bytes, row-major 28x28, 0 = background and 255 (as an unsigned byte) = full ink
     * @throws ImageException if the image has no ink ("no ink found: the image is blank") or is
     *     over {@link ImageDecoder#MAX_PIXELS}
     */
    public static byte[] toMnist(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        int w = image.getWidth();
        int h = image.getHeight();
        ImageDecoder.checkSize(w, h);

        byte[] ink = grey(image);
        int background = borderMedian(ink, w, h);
        boolean light = background > 127;
        int paper = light ? 255 - background : background;

        // grey -> ink above the paper level, thresholded; and the bounding box of the ink
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int g = ink[i] & 0xff;
                int v = Math.max(0, (light ? 255 - g : g) - paper);
                if (v < INK_THRESHOLD) {
                    v = 0;
                } else {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
                ink[i] = (byte) v;
            }
        }
        if (x1 < 0) {
            throw new ImageException(ImageException.Reason.NO_INK, BLANK);
        }

        int cw = x1 - x0 + 1;
        int ch = y1 - y0 + 1;
        double s = (double) BOX / Math.max(cw, ch);
        int nw = Math.max(1, Math.min(BOX, (int) Math.round(cw * s)));
        int nh = Math.max(1, Math.min(BOX, (int) Math.round(ch * s)));

        float[] crop = new float[cw * ch];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                crop[y * cw + x] = ink[(y0 + y) * w + x0 + x] & 0xff;
            }
        }
        float[] narrowed = resampleRows(crop, cw, ch, nw); // nw x ch
        float[] scaled = transpose(resampleRows(transpose(narrowed, nw, ch), ch, nw, nh), nh, nw);

        double sum = 0, sx = 0, sy = 0;
        float max = 0;
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                float v = scaled[y * nw + x];
                sum += v;
                sx += x * (double) v;
                sy += y * (double) v;
                max = Math.max(max, v);
            }
        }
        if (max <= 0) {
            throw new ImageException(ImageException.Reason.NO_INK, BLANK);
        }
        int ox = clamp((int) Math.round(SIZE / 2.0 - sx / sum), 0, SIZE - nw);
        int oy = clamp((int) Math.round(SIZE / 2.0 - sy / sum), 0, SIZE - nh);

        byte[] out = new byte[SIZE * SIZE];
        float gain = 255f / max;
        for (int y = 0; y < nh; y++) {
            for (int x = 0; x < nw; x++) {
                int v = Math.round(scaled[y * nw + x] * gain);
                out[(y + oy) * SIZE + x + ox] = (byte) clamp(v, 0, 255);
            }
        }
        return out;
    }

    /**
     * Renders MNIST pixels as a picture, so a user can see what the model saw.
     *
     * @param pixels784 28x28 bytes, row-major, 0 = black and 255 (unsigned) = white
     * @param scale how many screen pixels each MNIST pixel becomes (nearest neighbour), 1 to 64
     * @return a grey RGB image of {@code 28*scale} x {@code 28*scale} pixels, white ink on black
     */
    public static BufferedImage toImage(byte[] pixels784, int scale) {
        Objects.requireNonNull(pixels784, "pixels784");
        if (pixels784.length != SIZE * SIZE) {
            throw new IllegalArgumentException(
                    "expected " + SIZE * SIZE + " pixels, got " + pixels784.length);
        }
        if (scale < 1 || scale > 64) {
            throw new IllegalArgumentException("scale must be 1..64, got " + scale);
        }
        int side = SIZE * scale;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int v = pixels784[(y / scale) * SIZE + x / scale] & 0xff;
                row[x] = (v << 16) | (v << 8) | v;
            }
            image.setRGB(0, y, side, 1, row, 0, side);
        }
        return image;
    }

    /**
     * Luminance 0..255 of every pixel, row-major. Grey images are read from the raster (getRGB
     * would apply Java's linear-grey gamma conversion); transparent pixels are composited onto
     * white when the visible strokes are dark, onto black when they are light, and onto the paper's
     * grey when what is visible is paper with ink on it. Public so that
     * reading a whole number (dev.digits.internal.read) sees the picture exactly as {@link #toMnist} does.
     */
    public static byte[] grey(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] lum = new byte[w * h];
        boolean hasAlpha = image.getColorModel().hasAlpha();
        byte[] alpha = hasAlpha ? new byte[w * h] : null;
        Raster raster = image.getRaster();
        boolean rawGrey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && raster.getNumBands() == (hasAlpha ? 2 : 1)
                && !(image.getColorModel() instanceof IndexColorModel);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            if (rawGrey) {
                int max = (1 << image.getColorModel().getComponentSize(0)) - 1;
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    lum[y * w + x] = (byte) ((row[x] * 255 + max / 2) / max);
                }
                if (hasAlpha) {
                    int amax = (1 << image.getColorModel().getComponentSize(1)) - 1;
                    raster.getSamples(0, y, w, 1, 1, row);
                    for (int x = 0; x < w; x++) {
                        alpha[y * w + x] = (byte) ((row[x] * 255 + amax / 2) / amax);
                    }
                }
            } else {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = row[x];
                    int r = (p >> 16) & 0xff;
                    int g = (p >> 8) & 0xff;
                    int b = p & 0xff;
                    lum[y * w + x] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
                    if (hasAlpha) {
                        alpha[y * w + x] = (byte) (p >>> 24);
                    }
                }
            }
        }
        if (hasAlpha) {
            composite(lum, alpha);
        }
        return lum;
    }

    /** Opaque pixels spread over this many grey levels (1st to 99th percentile) are of two tones, paper and ink. */
    private static final int TWO_TONES = 96;
    /** The share of the picture opaque pixels cover for them to be a card or a sheet rather than strokes. */
    private static final double CARD = 0.3;

    /**
     * The opaque pixels of one tone, or a few (strokes, perhaps with a fringe blended onto some
     * colour), are strokes on a clear ground: they go onto the other extreme. Covering much of the
     * picture in two tones (a card, or paper with ink on it, inside a clear margin), the clear part is
     * more paper: it goes onto the tone most of them have. (Onto the extreme, a white card on a clear
     * margin became a white square of "ink" on black.)
     */
    private static void composite(byte[] lum, byte[] alpha) {
        double weight = 0, sum = 0;
        long[] opaque = new long[256];
        long n = 0;
        for (int i = 0; i < lum.length; i++) {
            int a = alpha[i] & 0xff;
            weight += a;
            sum += a * (double) (lum[i] & 0xff);
            if (a >= 128) {
                opaque[lum[i] & 0xff]++;
                n++;
            }
        }
        // a card covers most of the picture; strokes (even with an opaque fringe of another tone) do not
        GreyHistogram tones = new GreyHistogram(opaque, n);
        boolean card = n >= CARD * lum.length && tones.quantile(0.99) - tones.quantile(0.01) >= TWO_TONES;
        int matte = card ? tones.quantile(0.5) : weight > 0 && sum / weight > 127 ? 0 : 255;
        for (int i = 0; i < lum.length; i++) {
            int a = alpha[i] & 0xff;
            lum[i] = (byte) (((lum[i] & 0xff) * a + matte * (255 - a) + 127) / 255);
        }
    }

    /** Median grey of a frame along the border, a twentieth of the shorter side thick. */
    private static int borderMedian(byte[] grey, int w, int h) {
        return GreyHistogram.ofBorder(grey, w, h, Math.max(1, Math.min(w, h) / 20)).quantile(0.5);
    }

    /** Resamples each row of a w x h float image to nw columns. */
    private static float[] resampleRows(float[] src, int w, int h, int nw) {
        float[] row = new float[w];
        float[] out = new float[nw * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(src, y * w, row, 0, w);
            resample(row, out, y * nw, nw);
        }
        return out;
    }

    /** One row: area averaging when shrinking (or equal), linear interpolation when enlarging. */
    private static void resample(float[] in, float[] out, int offset, int n) {
        int w = in.length;
        double scale = (double) w / n;
        for (int o = 0; o < n; o++) {
            double v;
            if (scale >= 1) {
                double start = o * scale;
                double end = start + scale;
                v = 0;
                for (int i = (int) start; i < Math.min(w, (int) Math.ceil(end)); i++) {
                    double overlap = Math.min(end, i + 1) - Math.max(start, i);
                    v += overlap * in[i];
                }
                v /= scale;
            } else {
                double c = Math.max(0, Math.min(w - 1, (o + 0.5) * scale - 0.5));
                int i = (int) c;
                double t = c - i;
                v = in[i] * (1 - t) + in[Math.min(i + 1, w - 1)] * t;
            }
            out[offset + o] = (float) v;
        }
    }

    private static float[] transpose(float[] a, int w, int h) {
        float[] t = new float[a.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                t[x * h + y] = a[y * w + x];
            }
        }
        return t;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
