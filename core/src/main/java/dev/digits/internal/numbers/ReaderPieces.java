package dev.digits.internal.numbers;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.read.Box;
import dev.digits.internal.read.NumberReader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Pieces of written numbers as the reader cuts them, sorted by where the digits really are: the
 * pieces probe's material for telling one whole digit from a part of one, two together, or a digit
 * with a piece of its neighbour, and the classifier's with {@code train --numbers}. Numbers are
 * composed by {@link NumberSet} from <b>training</b> digits (the benchmark's come from the test
 * set), and every piece the reader may weigh ({@link NumberReader#candidates}) is labelled by the
 * digits' own ink:
 *
 * <ul>
 *   <li>one digit: at least {@value #PURE} of its digits' ink (ink that no digit owns, the
 *       paper's noise, is not counted) belongs to one digit, and its box spans at least
 *       {@value #SPANS} of that digit's box across and down;
 *   <li>not one digit: under {@value #MIXED} of it is one digit's, or it spans under
 *       {@value #PART} of that digit's box either way, or none of its ink is a digit's;
 *   <li>anything between is left out (a digit with a speck of its neighbour is neither).
 * </ul>
 */
public final class ReaderPieces {

    static final double PURE = 0.95, SPANS = 0.9, MIXED = 0.8, PART = 0.7;

    /**
     * The prepared inputs of whole digits and of pieces that are not one digit; {@code labels}
     * holds each whole digit's value (0..9), in the order of {@code digits}.
     */
    public record Labelled(List<byte[]> digits, byte[] labels, List<byte[]> others) {}

    private ReaderPieces() {}

    /** The pieces of {@code count} numbers composed from {@code train} with {@code seed}. */
    public static Labelled make(Mnist train, int count, long seed) {
        return cut(train, count, seed, 1);
    }

    /**
     * Training material from the pieces of {@code count} numbers composed from {@code train} with
     * {@code seed} ({@code train --numbers}): the whole digits, labelled, as the reader prepares
     * them from a picture (thickened, thinned, slanted, scaled, on paper, cut out and prepared
     * again), and of each number's pieces that are not one digit, the first and every
     * {@value #OTHERS_EVERY}th after it, labelled {@link Mnist#NONE}: about as many as the digits.
     */
    public static Mnist material(Mnist train, int count, long seed) {
        Labelled l = cut(train, count, seed, OTHERS_EVERY);
        int n = l.digits().size() + l.others().size();
        byte[] images = new byte[n * Mnist.PIXELS];
        byte[] labels = java.util.Arrays.copyOf(l.labels(), n);
        java.util.Arrays.fill(labels, l.digits().size(), n, Mnist.NONE);
        int i = 0;
        for (List<byte[]> part : List.of(l.digits(), l.others())) {
            for (byte[] image : part) System.arraycopy(image, 0, images, i++ * Mnist.PIXELS, Mnist.PIXELS);
        }
        return new Mnist(images, labels);
    }

    /** Of a number's pieces that are not one digit, {@link #material} keeps one in this many, from the first (there are about 7.5 per whole digit). */
    static final int OTHERS_EVERY = 7;

    /** Numbers composed and cut {@value #CHUNK} at a time, the pictures of a chunk on all cores, in order. */
    private static Labelled cut(Mnist train, int count, long seed, int othersEvery) {
        List<byte[]> digits = new ArrayList<>(), others = new ArrayList<>();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        NumberSet.inChunks(train, count, seed, CHUNK, chunk -> {
            for (Labelled part : chunk.parallelStream().map(item -> cut(item, othersEvery)).toList()) {
                digits.addAll(part.digits());
                labels.writeBytes(part.labels());
                others.addAll(part.others());
            }
        });
        return new Labelled(digits, labels.toByteArray(), others);
    }

    private static final int CHUNK = 64;

    /** One number's pieces: its whole digits, and every {@code othersEvery}th piece that is not one digit. */
    private static Labelled cut(NumberSet.Item item, int othersEvery) {
        List<byte[]> digits = new ArrayList<>(), others = new ArrayList<>();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        int w = item.image().getWidth();
        Box[] truth = boxes(item.owner(), w, item.label().length());
        int wrong = 0;
        for (NumberReader.Candidate c : NumberReader.candidates(item.image())) {
            int d = digit(c, item.owner(), w, truth);
            if (d >= 0) {
                digits.add(c.input());
                labels.write(item.label().charAt(d) - '0');
            } else if (d == NOT_ONE && wrong++ % othersEvery == 0) {
                others.add(c.input());
            }
        }
        return new Labelled(digits, labels.toByteArray(), others);
    }

    /** {@link #digit}'s answers for a piece that is not one digit, and for one that is neither. */
    static final int NOT_ONE = -1, NEITHER = -2;

    /**
     * Which digit of the number (0 for the first) the piece is, whole; {@link #NOT_ONE} or
     * {@link #NEITHER} (see the class comment).
     */
    static int digit(NumberReader.Candidate c, int[] owner, int w, Box[] truth) {
        int[] count = new int[truth.length];
        int owned = 0;
        for (int i : c.pixels()) {
            if (owner[i] < 0) continue;
            count[owner[i]]++;
            owned++;
        }
        if (owned == 0) return NOT_ONE;
        int d = 0;
        for (int k = 1; k < count.length; k++) if (count[k] > count[d]) d = k;
        double purity = count[d] / (double) owned;
        Box b = c.box(), t = truth[d];
        double across = overlap(b.x(), b.right(), t.x(), t.right()) / (double) t.width();
        double down = overlap(b.y(), b.bottom(), t.y(), t.bottom()) / (double) t.height();
        if (purity >= PURE && across >= SPANS && down >= SPANS) return d;
        if (purity < MIXED || across < PART || down < PART) return NOT_ONE;
        return NEITHER;
    }

    private static int overlap(int a0, int a1, int b0, int b1) {
        return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
    }

    /** Each digit's box: the bounds of the pixels it owns. */
    static Box[] boxes(int[] owner, int w, int digits) {
        int[] x0 = new int[digits], y0 = new int[digits], x1 = new int[digits], y1 = new int[digits];
        java.util.Arrays.fill(x0, Integer.MAX_VALUE);
        java.util.Arrays.fill(y0, Integer.MAX_VALUE);
        java.util.Arrays.fill(x1, -1);
        java.util.Arrays.fill(y1, -1);
        for (int i = 0; i < owner.length; i++) {
            int k = owner[i];
            if (k < 0) continue;
            int x = i % w, y = i / w;
            x0[k] = Math.min(x0[k], x);
            y0[k] = Math.min(y0[k], y);
            x1[k] = Math.max(x1[k], x);
            y1[k] = Math.max(y1[k], y);
        }
        Box[] out = new Box[digits];
        for (int k = 0; k < digits; k++) {
            out[k] = x1[k] < 0 ? new Box(0, 0, 1, 1) : new Box(x0[k], y0[k], x1[k] - x0[k] + 1, y1[k] - y0[k] + 1);
        }
        return out;
    }
}
