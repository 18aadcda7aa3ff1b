package dev.digits.readeval;

import dev.digits.internal.numbers.NumberSet;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The 50 hand-made hard cases of issue #14, {@value #PER_KIND} of each {@link Kind}: numbers written
 * by code with {@link StrokeDigits} (so a case can hold what the MNIST-made benchmark cannot: a 5
 * whose cap does not touch it, a 4 in two strokes), each placed and painted by the rule of its kind
 * and made again, the same, from the same code. {@code read-bench} reports them apart from the
 * benchmark and per kind; {@code read-bench --out DIR --write-set} writes them as
 * {@code DIR/hard-cases/<number>-<kind>-<n>.png}.
 */
public final class HardCases {

    static final int PER_KIND = 5;
    private static final long SEED = 1414;

    /** What makes a case hard. */
    public enum Kind {
        /** A 5 whose cap is written apart from its body, in each number. */
        FIVE_CAP_APART,
        /** A 4 written in two strokes that do not meet, in each number. */
        FOUR_IN_TWO_STROKES,
        /** Neighbours moved together until their ink touches. */
        TOUCHING,
        /** Dots and specks of dirt around and between the digits, to be ignored. */
        DOTS_AND_SPECKS,
        /** A line drawn under the number, to be ignored. */
        UNDERLINED,
        /** The line of digits rising or falling, the digits leaning. */
        SLANTED,
        /** The line of digits on a slight arc. */
        CURVED,
        /** Light ink on dark paper. */
        LIGHT_ON_DARK,
        /** A strong lighting gradient and a shadow over part of the number. */
        UNEVEN_LIGHT,
        /** Photo-like paper: blotches, grain and noise. */
        PHOTO_BACKGROUND
    }

    /** One case: its kind, the number it shows and its picture. */
    public record Case(String name, Kind kind, String number, BufferedImage image) {}

    private HardCases() {}

    public static List<Case> make() {
        Random r = new Random(SEED);
        List<Case> out = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (int n = 0; n < PER_KIND; n++) {
                String number = number(kind, r);
                String name = String.format("%s-%s-%d", number, kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), n + 1);
                out.add(new Case(name, kind, number, draw(kind, number, r)));
            }
        }
        return List.copyOf(out);
    }

    /** 2 to 5 digits; for the kinds about one digit, that digit at a random place. */
    static String number(Kind kind, Random r) {
        int length = 2 + r.nextInt(4);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) s.append(r.nextInt(10));
        if (kind == Kind.FIVE_CAP_APART) s.setCharAt(r.nextInt(length), '5');
        if (kind == Kind.FOUR_IN_TWO_STROKES) s.setCharAt(r.nextInt(length), '4');
        return s.toString();
    }

    static BufferedImage draw(Kind kind, String number, Random r) {
        int height = 40 + r.nextInt(50);
        double pen = 0.09 + 0.05 * r.nextDouble();
        double shear = kind == Kind.SLANTED ? (r.nextBoolean() ? 1 : -1) * (0.15 + 0.15 * r.nextDouble()) : r.nextGaussian() * 0.06;
        double slope = kind == Kind.SLANTED ? (r.nextBoolean() ? 1 : -1) * (0.15 + 0.2 * r.nextDouble()) : 0;
        double arc = kind == Kind.CURVED ? (r.nextBoolean() ? 1 : -1) * (0.25 + 0.2 * r.nextDouble()) * height : 0;
        int margin = height / 2 + 10;
        List<NumberSet.Patch> patches = new ArrayList<>();
        int x = margin;
        for (int k = 0; k < number.length(); k++) {
            int digit = number.charAt(k) - '0';
            boolean apart = (kind == Kind.FIVE_CAP_APART && digit == 5) || (kind == Kind.FOUR_IN_TWO_STROKES && digit == 4);
            int h = (int) Math.round(height * (0.92 + 0.16 * r.nextDouble()));
            NumberSet.Patch p = StrokeDigits.write(digit, apart ? StrokeDigits.Style.APART : StrokeDigits.Style.USUAL,
                    h, pen, shear, 0.012, r);
            int[] cols = p.inkColumns();
            double t = number.length() == 1 ? 0 : (double) k / (number.length() - 1);
            int y = margin + (int) Math.abs(arc) + (int) Math.round(slope * (x - margin) + arc * Math.sin(Math.PI * t)
                    + (height - h) / 2.0 + r.nextGaussian() * 0.03 * height);
            if (slope < 0) y += (int) Math.ceil(-slope * 0.9 * height * number.length());
            int gap = (int) Math.round((0.15 + 0.3 * r.nextDouble()) * height);
            NumberSet.Patch placed = new NumberSet.Patch(p.ink(), p.w(), p.h(), x - cols[0], y);
            if (k > 0 && kind == Kind.TOUCHING && (number.length() == 2 || r.nextBoolean() || k == 1)) {
                NumberSet.Patch prev = patches.get(k - 1);
                while (!NumberSet.touch(prev, placed) && placed.x() + cols[1] > prev.x() + prev.inkColumns()[1]) {
                    placed = new NumberSet.Patch(p.ink(), p.w(), p.h(), placed.x() - 1, y);
                }
            } else if (k > 0) {
                placed = new NumberSet.Patch(p.ink(), p.w(), p.h(), x + gap - cols[0], y);
                while (NumberSet.touch(patches.get(k - 1), placed)) {
                    placed = new NumberSet.Patch(p.ink(), p.w(), p.h(), placed.x() + 2, y);
                }
            }
            patches.add(placed);
            x = placed.x() + cols[1];
        }
        return Paper.paint(kind, patches, height, pen, margin, r);
    }
}
