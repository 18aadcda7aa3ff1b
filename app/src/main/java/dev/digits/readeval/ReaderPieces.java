package dev.digits.readeval;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.read.Box;
import dev.digits.internal.read.NumberReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Pieces of written numbers as the reader cuts them, sorted by where the digits really are: the
 * probe's material for telling one whole digit from a part of one, two together, or a digit with
 * a piece of its neighbour. Numbers are composed by {@link NumberSet} from <b>training</b> digits
 * (the benchmark's come from the test set), and every piece the reader may weigh
 * ({@link NumberReader#candidates}) is labelled by the digits' own ink:
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

    /** The prepared inputs of whole digits and of pieces that are not one digit. */
    public record Labelled(List<byte[]> digits, List<byte[]> others) {}

    private ReaderPieces() {}

    /** The pieces of {@code count} numbers composed from {@code train} with {@code seed}. */
    public static Labelled make(Mnist train, int count, long seed) {
        List<byte[]> digits = new ArrayList<>(), others = new ArrayList<>();
        for (NumberSet.Item item : NumberSet.make(train, count, seed)) {
            int w = item.image().getWidth();
            Box[] truth = boxes(item.owner(), w, item.label().length());
            for (NumberReader.Candidate c : NumberReader.candidates(item.image())) {
                switch (label(c, item.owner(), w, truth)) {
                    case 1 -> digits.add(c.input());
                    case 0 -> others.add(c.input());
                    default -> { }
                }
            }
        }
        return new Labelled(digits, others);
    }

    /** 1: one whole digit, 0: not one digit, -1: neither (see the class comment). */
    static int label(NumberReader.Candidate c, int[] owner, int w, Box[] truth) {
        int[] count = new int[truth.length];
        int owned = 0;
        for (int i : c.pixels()) {
            if (owner[i] < 0) continue;
            count[owner[i]]++;
            owned++;
        }
        if (owned == 0) return 0;
        int d = 0;
        for (int k = 1; k < count.length; k++) if (count[k] > count[d]) d = k;
        double purity = count[d] / (double) owned;
        Box b = c.box(), t = truth[d];
        double across = overlap(b.x(), b.right(), t.x(), t.right()) / (double) t.width();
        double down = overlap(b.y(), b.bottom(), t.y(), t.bottom()) / (double) t.height();
        if (purity >= PURE && across >= SPANS && down >= SPANS) return 1;
        if (purity < MIXED || across < PART || down < PART) return 0;
        return -1;
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
