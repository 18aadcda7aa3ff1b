package dev.digits.internal.numbers;

import dev.digits.internal.data.Mnist;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Numbers written with MNIST digits, made again from the same seed: {@code read-bench}'s
 * benchmark when composed from the <b>test</b> set (no digit the model trained on), training
 * material (the pieces probe's, {@code train --numbers}') from the training set. 2 to 6 digits each, with random size (per
 * number and a little per digit), spacing, slant, a slightly curved baseline, stroke width
 * (thickened or thinned), paper level, uneven lighting, texture and noise, and dark ink on light
 * paper or (one in five) the reverse. Every fifth number has touching neighbours: one pair (or
 * two, in longer numbers) moved together until their ink touches.
 */
public final class NumberSet {

    /**
     * One benchmark picture and the number it shows; {@code owner} says which digit (0 for the
     * first) holds the most ink at each pixel (row-major), -1 where none holds more than {@value #OWNER_INK};
     * {@code sources}, the index of each digit in the set it was drawn from; {@code stroke}, how its strokes were changed; {@code shear}, its slant (dx/dy, positive leaning right).
     */
    public record Item(String label, boolean touching, BufferedImage image, int[] owner, int[] sources, Stroke stroke, double shear) {}

    /** How the benchmark changed the digits' strokes (all of one number's alike). */
    public enum Stroke {
        /** each value cubed: faint parts fade. */
        THINNER,
        AS_WRITTEN,
        /** a 2x2 maximum. */
        THICKER,
        /** a 3x3 maximum. */
        THICKEST;

        static Stroke of(int drawn) {
            return drawn == 0 ? THINNER : drawn <= 2 ? AS_WRITTEN : drawn == 3 ? THICKER : THICKEST;
        }
    }

    /** Ink (0..1) from which a pixel belongs to a digit in {@link Item#owner}. */
    static final double OWNER_INK = 0.25;

    /** Ink above this (0..1) counts when checking whether two digits touch. */
    static final double TOUCH_INK = 0.5;

    private NumberSet() {}

    /**
     * {@code count} numbers composed from {@code digits}: the benchmark when they are the test
     * set; training material when they are the training set.
     */
    public static List<Item> make(Mnist digits, int count, long seed) {
        List<Item> out = new ArrayList<>();
        inChunks(digits, count, seed, count, out::addAll);
        return out;
    }

    /**
     * The numbers {@link #make} composes, handed to {@code each} {@code chunk} at a time, so that
     * thousands of pictures never sit in memory together.
     */
    public static void inChunks(Mnist digits, int count, long seed, int chunk, Consumer<List<Item>> each) {
        Random r = new Random(seed);
        for (int start = 0; start < count; start += chunk) {
            List<Item> part = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + chunk); i++) part.add(item(digits, r, i % 5 == 4));
            each.accept(part);
        }
    }

    /** A digit rendered at its place: its ink (0..1) in a patch whose top-left is (x, y). */
    public record Patch(float[] ink, int w, int h, int x, int y) {
        float at(int px, int py) {
            int u = px - x, v = py - y;
            return u < 0 || v < 0 || u >= w || v >= h ? 0 : ink[v * w + u];
        }

        /** Columns of the patch that hold ink, as [first, last] relative to the patch. */
        public int[] inkColumns() {
            int first = w, last = -1;
            for (int v = 0; v < h; v++) {
                for (int u = 0; u < w; u++) {
                    if (ink[v * w + u] > TOUCH_INK) {
                        first = Math.min(first, u);
                        last = Math.max(last, u);
                    }
                }
            }
            return new int[] {first, last};
        }
    }

    static Item item(Mnist digits, Random r, boolean touching) {
        int length = 2 + r.nextInt(5);
        double scale = 1.3 + r.nextDouble() * 3.7; // 28 px -> 36..140 px
        double shear = r.nextGaussian() * 0.15;
        double curve = r.nextDouble() < 0.3 ? r.nextGaussian() * 0.12 : 0;
        int stroke = r.nextInt(5); // 0: thin, 1..2: as written, 3..4: thicker
        StringBuilder label = new StringBuilder();
        int[] sources = new int[length];
        List<Patch> patches = new ArrayList<>();
        int margin = (int) (10 + r.nextDouble() * 30);
        int[] touchAt = new int[] {-1, -1};
        if (touching) {
            touchAt[0] = r.nextInt(length - 1);
            if (length >= 5 && r.nextBoolean()) touchAt[1] = (touchAt[0] + 2) % (length - 1);
        }
        int x = margin;
        int top = margin + (int) Math.abs(curve * 28 * scale) + 4;
        for (int k = 0; k < length; k++) {
            int index = r.nextInt(digits.size());
            sources[k] = index;
            label.append(digits.label(index));
            double s = scale * (0.9 + 0.2 * r.nextDouble());
            float[] digit = strokeWidth(toFloat(digits.image(index)), stroke);
            double t = length == 1 ? 0 : (double) k / (length - 1);
            int dy = (int) Math.round(curve * 28 * scale * Math.sin(Math.PI * t) + r.nextGaussian() * scale);
            Patch p = render(digit, s, shear, 0, top + dy);
            int[] cols = p.inkColumns();
            if (k == 0) {
                p = new Patch(p.ink(), p.w(), p.h(), x - cols[0], p.y());
            } else {
                Patch prev = patches.get(k - 1);
                int prevRight = prev.x() + prev.inkColumns()[1];
                int gap = (int) Math.round(Math.max(3, (0.15 + 0.6 * r.nextDouble()) * 12 * s));
                p = new Patch(p.ink(), p.w(), p.h(), prevRight + gap - cols[0], p.y());
                if (k - 1 == touchAt[0] || k - 1 == touchAt[1]) {
                    while (!touch(prev, p) && p.x() + cols[1] > prevRight) {
                        p = new Patch(p.ink(), p.w(), p.h(), p.x() - 1, p.y());
                    }
                } else {
                    while (touch(prev, p)) p = new Patch(p.ink(), p.w(), p.h(), p.x() + 2, p.y());
                }
            }
            patches.add(p);
        }
        Sheet sheet = Sheet.of(patches, margin);
        return new Item(label.toString(), touching, paint(sheet, r), sheet.owner(), sources, Stroke.of(stroke), shear);
    }

    /**
     * The patches laid on one sheet, {@code margin} beyond their right and bottom edges: the most
     * ink at each pixel, and which patch holds it ({@link Item#owner}: -1 where none holds more
     * than {@value #OWNER_INK}).
     */
    public record Sheet(int w, int h, float[] ink, int[] owner) {
        public static Sheet of(List<Patch> patches, int margin) {
            int right = 0, bottom = 0;
            for (Patch p : patches) {
                right = Math.max(right, p.x() + p.w());
                bottom = Math.max(bottom, p.y() + p.h());
            }
            int w = right + margin, h = bottom + margin;
            float[] ink = new float[w * h];
            int[] owner = new int[w * h];
            java.util.Arrays.fill(owner, -1);
            for (int k = 0; k < patches.size(); k++) {
                Patch p = patches.get(k);
                for (int v = 0; v < p.h(); v++) {
                    for (int u = 0; u < p.w(); u++) {
                        int X = p.x() + u, Y = p.y() + v;
                        float here = p.ink()[v * p.w() + u];
                        if (X < 0 || Y < 0 || X >= w || Y >= h || here <= ink[Y * w + X]) continue;
                        ink[Y * w + X] = here;
                        if (here > OWNER_INK) owner[Y * w + X] = k;
                    }
                }
            }
            return new Sheet(w, h, ink, owner);
        }
    }

    static float[] toFloat(byte[] image) {
        float[] f = new float[image.length];
        for (int i = 0; i < f.length; i++) f[i] = (image[i] & 0xff) / 255f;
        return f;
    }

    /** Thinner (0), as written (1, 2) or thicker (3: a 2x2 maximum, 4: a 3x3 maximum). */
    static float[] strokeWidth(float[] d, int stroke) {
        if (stroke == 1 || stroke == 2) return d;
        float[] out = new float[d.length];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                float v = d[y * 28 + x];
                if (stroke == 0) {
                    out[y * 28 + x] = v * v * v;
                    continue;
                }
                int from = stroke == 3 ? 0 : -1; // 2x2 or 3x3
                for (int dy = from; dy <= 1; dy++) {
                    for (int dx = from; dx <= 1; dx++) {
                        int yy = y + dy, xx = x + dx;
                        if (yy >= 0 && yy < 28 && xx >= 0 && xx < 28) v = Math.max(v, d[yy * 28 + xx]);
                    }
                }
                out[y * 28 + x] = v;
            }
        }
        return out;
    }

    /** The 28x28 digit scaled by {@code s} and slanted by {@code shear}, bilinear. */
    static Patch render(float[] d, double s, double shear, int x, int y) {
        int h = (int) Math.ceil(28 * s);
        int extra = (int) Math.ceil(Math.abs(shear) * h);
        int w = h + extra;
        float[] ink = new float[w * h];
        for (int v = 0; v < h; v++) {
            // a positive shear leans the top to the right
            double offset = shear > 0 ? shear * (h - v) : -shear * v;
            for (int u = 0; u < w; u++) {
                double sx = (u - offset + 0.5) / s - 0.5;
                double sy = (v + 0.5) / s - 0.5;
                ink[v * w + u] = bilinear(d, sx, sy);
            }
        }
        return new Patch(ink, w, h, x, y);
    }

    static float bilinear(float[] d, double x, double y) {
        if (x < -1 || y < -1 || x > 28 || y > 28) return 0;
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double ax = x - x0, ay = y - y0;
        return (float) ((1 - ay) * ((1 - ax) * px(d, x0, y0) + ax * px(d, x0 + 1, y0))
                + ay * ((1 - ax) * px(d, x0, y0 + 1) + ax * px(d, x0 + 1, y0 + 1)));
    }

    private static float px(float[] d, int x, int y) {
        return x < 0 || y < 0 || x >= 28 || y >= 28 ? 0 : d[y * 28 + x];
    }

    /** Whether any ink pixel of {@code b} is next to (or on) an ink pixel of {@code a}. */
    public static boolean touch(Patch a, Patch b) {
        for (int v = 0; v < b.h(); v++) {
            for (int u = 0; u < b.w(); u++) {
                if (b.ink()[v * b.w() + u] <= TOUCH_INK) continue;
                int px = b.x() + u, py = b.y() + v;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) if (a.at(px + dx, py + dy) > TOUCH_INK) return true;
                }
            }
        }
        return false;
    }

    /** The sheet's ink on paper: level, lighting gradient, blotchy texture, noise, polarity. */
    static BufferedImage paint(Sheet sheet, Random r) {
        int w = sheet.w(), h = sheet.h();
        float[] ink = sheet.ink();
        boolean reverse = r.nextInt(5) == 0;
        double paper = reverse ? 10 + r.nextDouble() * 50 : 170 + r.nextDouble() * 85;
        double contrast = 0.55 + r.nextDouble() * 0.45;
        double gx = r.nextGaussian() * 0.25, gy = r.nextGaussian() * 0.25; // lighting across the picture
        double noise = r.nextDouble() * 10;
        Blotches blotches = Blotches.draw(r.nextInt(5), w, h, 0.1, 0.4, 20, r);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double light = 1 + gx * (x / (double) w - 0.5) + gy * (y / (double) h - 0.5);
                double p = blotches.onto(paper * Math.max(0.3, light), x, y);
                p += r.nextGaussian() * noise;
                double i = ink[y * w + x] * contrast;
                double v = reverse ? p + i * (255 - p) : p * (1 - i);
                raster.setSample(x, y, 0, (int) Math.max(0, Math.min(255, Math.round(v))));
            }
        }
        return img;
    }
}
