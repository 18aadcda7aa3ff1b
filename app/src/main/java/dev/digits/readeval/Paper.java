package dev.digits.readeval;

import dev.digits.internal.numbers.Blotches;
import dev.digits.internal.numbers.NumberSet;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.List;
import java.util.Random;

/**
 * Puts a {@link HardCases} number on paper: the digits' ink, the marks that its kind adds (dots,
 * specks, an underline) and the paper, lighting and polarity of its kind.
 */
final class Paper {

    private Paper() {}

    static BufferedImage paint(HardCases.Kind kind, List<NumberSet.Patch> patches, int height, double pen, int margin, Random r) {
        int left = Integer.MAX_VALUE, right = 0, top = Integer.MAX_VALUE, bottom = 0;
        for (NumberSet.Patch p : patches) {
            left = Math.min(left, p.x());
            right = Math.max(right, p.x() + p.w());
            top = Math.min(top, p.y());
            bottom = Math.max(bottom, p.y() + p.h());
        }
        NumberSet.Sheet sheet = NumberSet.Sheet.of(patches, margin);
        int w = sheet.w(), h = sheet.h();
        float[] ink = sheet.ink();
        double stroke = pen * height;
        if (kind == HardCases.Kind.DOTS_AND_SPECKS) {
            int dots = 2 + r.nextInt(3);
            for (int k = 0; k < dots; k++) { // a pen's dot: about as wide as the stroke
                double cx = left + r.nextDouble() * (right - left);
                double cy = r.nextBoolean() ? bottom - margin / 3.0 + r.nextDouble() * margin / 2.0 : top + r.nextDouble() * (bottom - top);
                disc(ink, w, h, cx, cy, stroke * (0.5 + 0.4 * r.nextDouble()));
            }
            int specks = 10 + r.nextInt(30);
            for (int k = 0; k < specks; k++) disc(ink, w, h, r.nextDouble() * w, r.nextDouble() * h, 0.6 + r.nextDouble() * 1.2);
        }
        if (kind == HardCases.Kind.UNDERLINED) {
            double y = bottom - margin / 2.0 + 4 + stroke;
            double tilt = r.nextGaussian() * 0.02;
            for (double x = left - 0.1 * height; x < right + 0.1 * height; x += 0.5) {
                disc(ink, w, h, x, y + tilt * (x - left), stroke * 0.45);
            }
        }
        return paper(kind, ink, w, h, r);
    }

    /** A filled disc of ink. */
    static void disc(float[] ink, int w, int h, double cx, double cy, double radius) {
        for (int y = (int) Math.floor(cy - radius - 1); y <= cy + radius + 1; y++) {
            for (int x = (int) Math.floor(cx - radius - 1); x <= cx + radius + 1; x++) {
                if (x < 0 || y < 0 || x >= w || y >= h) continue;
                double d = Math.hypot(x - cx, y - cy);
                float v = (float) Math.max(0, Math.min(1, radius + 0.5 - d));
                ink[y * w + x] = Math.max(ink[y * w + x], v);
            }
        }
    }

    /** The paper of each kind; dark ink on light paper unless the kind says otherwise. */
    private static BufferedImage paper(HardCases.Kind kind, float[] ink, int w, int h, Random r) {
        boolean reverse = kind == HardCases.Kind.LIGHT_ON_DARK;
        double base = reverse ? 20 + 40 * r.nextDouble() : 205 + 40 * r.nextDouble();
        double contrast = 0.7 + 0.25 * r.nextDouble();
        double gradient = kind == HardCases.Kind.UNEVEN_LIGHT ? 0.6 + 0.3 * r.nextDouble() : 0.1 * r.nextDouble();
        double angle = r.nextDouble() * 2 * Math.PI;
        // UNEVEN_LIGHT: a soft shadow over one side, its edge across the number
        double shadowX = w * (0.3 + 0.4 * r.nextDouble()), shadowDepth = 0.35 + 0.2 * r.nextDouble();
        boolean photo = kind == HardCases.Kind.PHOTO_BACKGROUND;
        double noise = photo ? 6 + 6 * r.nextDouble() : 2;
        Blotches blotches = Blotches.draw(photo ? 4 + r.nextInt(5) : 0, w, h, 0.05, 0.25, 35, r);
        float[] grain = photo ? grain(w, h, r) : new float[w * h];
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double along = (x / (double) w - 0.5) * Math.cos(angle) + (y / (double) h - 0.5) * Math.sin(angle);
                double light = 1 + gradient * along;
                if (kind == HardCases.Kind.UNEVEN_LIGHT) {
                    light *= 1 - shadowDepth / (1 + Math.exp(-(x - shadowX) / (0.03 * w)));
                }
                double p = blotches.onto(base * Math.max(0.2, light), x, y);
                p += grain[y * w + x] + r.nextGaussian() * noise;
                double i = ink[y * w + x] * contrast;
                double v = reverse ? p + i * (255 - p) * Math.max(0.2, light) : p * (1 - i);
                raster.setSample(x, y, 0, (int) Math.max(0, Math.min(255, Math.round(v))));
            }
        }
        return img;
    }

    /** Paper grain: noise smoothed over a few pixels, about 10 grey levels deep. */
    private static float[] grain(int w, int h, Random r) {
        float[] n = new float[w * h];
        for (int i = 0; i < n.length; i++) n[i] = (float) r.nextGaussian();
        float[] out = new float[w * h];
        int k = 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                int c = 0;
                for (int dy = -k; dy <= k; dy++) {
                    for (int dx = -k; dx <= k; dx++) {
                        int yy = y + dy, xx = x + dx;
                        if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                            s += n[yy * w + xx];
                            c++;
                        }
                    }
                }
                out[y * w + x] = 10 * 5 * s / c; // the mean of 25 has a fifth of the spread
            }
        }
        return out;
    }
}
