package dev.digits.internal.eval;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.ImageException;
import dev.digits.internal.infer.Preprocessor;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The transforms of the robustness report, each a function of one 28x28 image in MNIST's form
 * (784 bytes, row-major, 0 = paper, 255 as an unsigned byte = full ink) that returns a new one and
 * leaves its argument alone. {@link Shift} names the settings the report uses.
 *
 * <p>Coordinates are pixel indices, x to the right and y down; the geometric transforms turn,
 * scale and move the image about its centre (13.5, 13.5), sample it bilinearly, and fill with
 * paper what comes from outside the frame (ink moved out of the frame is lost).
 */
public final class Shifts {

    private static final int SIDE = Mnist.SIDE;
    private static final double CENTRE = (SIDE - 1) / 2.0;

    private Shifts() {}

    /**
     * Turns the image about its centre.
     *
     * @param degrees the angle, positive counter-clockwise as the image is seen (y down)
     */
    public static byte[] rotate(byte[] image, double degrees) {
        double a = Math.toRadians(degrees);
        double cos = Math.cos(a);
        double sin = Math.sin(a);
        // the output pixel at centre + d shows the input at centre + R(-a) d, R turning on screen
        return warp(image, cos, -sin, sin, cos, 0, 0);
    }

    /**
     * Moves the image by {@code (dx, dy)} pixels (fractions sampled bilinearly).
     *
     * @param dx to the right
     * @param dy down
     */
    public static byte[] translate(byte[] image, double dx, double dy) {
        return warp(image, 1, 0, 0, 1, -dx, -dy);
    }

    /** Scales the image about its centre by {@code factor} (above 1 larger). */
    public static byte[] scale(byte[] image, double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("factor must be positive, got " + factor);
        }
        return warp(image, 1 / factor, 0, 0, 1 / factor, 0, 0);
    }

    /**
     * Loses the aspect ratio: the ink's bounding box (every pixel above 0) resized, each axis on
     * its own, to fill the {@value Preprocessor#BOX}x{@value Preprocessor#BOX} box, then placed as
     * MNIST and {@link Preprocessor#toMnist} place a digit: the centre of mass as near (14, 14) as
     * whole pixels allow, no ink off the frame. A blank image comes back blank.
     */
    public static byte[] stretch(byte[] image) {
        check(image);
        int x0 = SIDE, y0 = SIDE, x1 = -1, y1 = -1;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                if (image[y * SIDE + x] != 0) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            return new byte[SIDE * SIDE];
        }
        int box = Preprocessor.BOX;
        int w = x1 - x0 + 1;
        int h = y1 - y0 + 1;
        float[] boxed = new float[box * box];
        double sum = 0, mx = 0, my = 0;
        for (int y = 0; y < box; y++) {
            // pixel centres aligned: output pixel y covers input rows y0 + (y + 0.5) h / box - 0.5
            double sy = clamp(y0 + (y + 0.5) * h / box - 0.5, y0, y1);
            for (int x = 0; x < box; x++) {
                double sx = clamp(x0 + (x + 0.5) * w / box - 0.5, x0, x1);
                float v = bilinear(image, sx, sy);
                boxed[y * box + x] = v;
                sum += v;
                mx += x * (double) v;
                my += y * (double) v;
            }
        }
        int ox = (int) clamp(Math.round(SIDE / 2.0 - mx / sum), 0, SIDE - box);
        int oy = (int) clamp(Math.round(SIDE / 2.0 - my / sum), 0, SIDE - box);
        byte[] out = new byte[SIDE * SIDE];
        for (int y = 0; y < box; y++) {
            for (int x = 0; x < box; x++) {
                out[(y + oy) * SIDE + x + ox] = toByte(boxed[y * box + x]);
            }
        }
        return out;
    }

    /**
     * Thicker strokes: grey dilation with a 2x2 window, each pixel the most ink of itself and its
     * neighbours above, to the left and above-left; strokes grow by one pixel to the right and down.
     */
    public static byte[] thicken(byte[] image) {
        return morph(image, -1, true);
    }

    /**
     * Thinner strokes: grey erosion with a 2x2 window, each pixel the least ink of itself and its
     * neighbours below, to the right and below-right (outside the frame is paper); the reflected
     * window of {@link #thicken}, so strokes lose one pixel on the right and at the bottom.
     */
    public static byte[] thin(byte[] image) {
        return morph(image, 1, false);
    }

    /**
     * Adds Gaussian noise to every pixel, paper included, and clips to 0..255.
     *
     * @param sigma the standard deviation as a fraction of full scale (0.2: 51 of 255)
     * @param rng the draws, one {@code nextGaussian} per pixel in row-major order
     */
    public static byte[] noise(byte[] image, double sigma, RandomGenerator rng) {
        check(image);
        byte[] out = new byte[image.length];
        for (int i = 0; i < image.length; i++) {
            out[i] = toByte((image[i] & 0xff) + sigma * 255 * rng.nextGaussian());
        }
        return out;
    }

    /**
     * The image as a user's picture would come: inverted to dark ink on white paper, drawn as a
     * 28x28 grey {@link BufferedImage}, and prepared by {@link Preprocessor#toMnist}, the path
     * that {@code predict} and {@code serve} take, which must see the light paper and undo the
     * inversion. A blank image comes back blank.
     */
    public static byte[] invertAndPreprocess(byte[] image) {
        check(image);
        BufferedImage picture = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        int[] grey = new int[SIDE * SIDE];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = 255 - (image[i] & 0xff);
        }
        picture.getRaster().setSamples(0, 0, SIDE, SIDE, 0, grey);
        try {
            return Preprocessor.toMnist(picture);
        } catch (ImageException blank) {
            return new byte[SIDE * SIDE];
        }
    }

    /**
     * The output pixel at {@code p} shows the input at {@code centre + M (p - centre) + t},
     * M = [[m00, m01], [m10, m11]].
     */
    private static byte[] warp(byte[] image, double m00, double m01, double m10, double m11,
            double tx, double ty) {
        check(image);
        byte[] out = new byte[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            double dy = y - CENTRE;
            for (int x = 0; x < SIDE; x++) {
                double dx = x - CENTRE;
                double sx = CENTRE + m00 * dx + m01 * dy + tx;
                double sy = CENTRE + m10 * dx + m11 * dy + ty;
                out[y * SIDE + x] = toByte(bilinear(image, sx, sy));
            }
        }
        return out;
    }

    /** Grey dilation (max) or erosion (min) over the pixel and its neighbours {@code step} away. */
    private static byte[] morph(byte[] image, int step, boolean dilate) {
        check(image);
        int[] dx = {step, 0, step};
        int[] dy = {0, step, step};
        byte[] out = new byte[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int v = pixel(image, x, y);
                for (int k = 0; k < dx.length; k++) {
                    int n = pixel(image, x + dx[k], y + dy[k]);
                    v = dilate ? Math.max(v, n) : Math.min(v, n);
                }
                out[y * SIDE + x] = (byte) v;
            }
        }
        return out;
    }

    private static float bilinear(byte[] image, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double top = (1 - fx) * pixel(image, x0, y0) + fx * pixel(image, x0 + 1, y0);
        double bottom = (1 - fx) * pixel(image, x0, y0 + 1) + fx * pixel(image, x0 + 1, y0 + 1);
        return (float) ((1 - fy) * top + fy * bottom);
    }

    /** Paper (0) outside the frame. */
    private static int pixel(byte[] image, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0 : image[y * SIDE + x] & 0xff;
    }

    private static byte toByte(double v) {
        return (byte) Math.round(clamp(v, 0, 255));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static void check(byte[] image) {
        Objects.requireNonNull(image, "image");
        if (image.length != SIDE * SIDE) {
            throw new IllegalArgumentException(
                    "expected " + SIDE * SIDE + " pixels, got " + image.length);
        }
    }
}
