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
        int side = 28 * scale;
        int w = 40 + step * (indices.length - 1) + side;
        int h = side + 40;
        float[] ink = new float[w * h];
        for (int k = 0; k < indices.length; k++) {
            byte[] d = test.image(indices[k]);
            int x0 = 20 + k * step;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    float v = (d[(y / scale) * 28 + x / scale] & 0xff) / 255f;
                    int i = (20 + y) * w + x0 + x;
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
