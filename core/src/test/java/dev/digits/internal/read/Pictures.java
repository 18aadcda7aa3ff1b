package dev.digits.internal.read;

import dev.digits.internal.data.Mnist;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/** Test pictures of numbers made of MNIST test digits. */
final class Pictures {

    private Pictures() {}

    /**
     * MNIST test digits {@code indices} side by side, each enlarged {@code scale} times (nearest
     * neighbour) and {@code step} pixels after the previous one's left edge, on paper that is
     * light (ink dark) with a lighting gradient from left to right, or dark with light ink.
     */
    static BufferedImage number(Mnist test, int[] indices, int scale, int step, boolean lightPaper) {
        int[] xs = new int[indices.length];
        for (int k = 0; k < xs.length; k++) xs[k] = 20 + k * step;
        return render(test, indices, xs, new int[indices.length], scale, lightPaper);
    }

    /**
     * Two lines of digits as {@link #number} writes one, {@code bottom} under {@code top}, moved
     * {@code dx} pixels right, on one sheet of light paper.
     */
    static BufferedImage lines(Mnist test, int[] top, int[] bottom, int scale, int step, int dx) {
        int n = top.length + bottom.length;
        int[] indices = new int[n], xs = new int[n], ys = new int[n];
        for (int k = 0; k < n; k++) {
            boolean upper = k < top.length;
            indices[k] = upper ? top[k] : bottom[k - top.length];
            xs[k] = 20 + (upper ? k * step : dx + (k - top.length) * step);
            ys[k] = upper ? 0 : 28 * scale + 20;
        }
        return render(test, indices, xs, ys, scale, true);
    }

    /** Digits {@code indices} with their top left corners at (xs, 20 + ys), on paper as {@link #number} says. */
    private static BufferedImage render(Mnist test, int[] indices, int[] xs, int[] ys, int scale, boolean lightPaper) {
        int side = 28 * scale;
        int w = 20 + java.util.Arrays.stream(xs).max().orElse(0) + side;
        int h = 40 + java.util.Arrays.stream(ys).max().orElse(0) + side;
        float[] ink = new float[w * h];
        for (int k = 0; k < indices.length; k++) {
            byte[] d = test.image(indices[k]);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    float v = (d[(y / scale) * 28 + x / scale] & 0xff) / 255f;
                    int i = (20 + ys[k] + y) * w + xs[k] + x;
                    ink[i] = Math.max(ink[i], v);
                }
            }
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double paper = lightPaper ? 250 - 90.0 * x / w : 30;
                double v = lightPaper ? paper * (1 - 0.9 * ink[y * w + x]) : paper + 220 * ink[y * w + x];
                r.setSample(x, y, 0, (int) Math.round(Math.max(0, Math.min(255, v))));
            }
        }
        return img;
    }
}
