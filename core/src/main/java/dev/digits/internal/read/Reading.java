package dev.digits.internal.read;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code mnist read} and {@code POST /api/read} answer for one picture.
 *
 * @param number the digits left to right, {@value #NOT_A_DIGIT} for each one that is not a digit,
 *     and a space between lines of writing, top to bottom ("123 4567" for 123 written above 4567);
 *     empty when the picture has no ink
 * @param digits each digit, in the order of {@code number}
 * @param width the picture's width, in its own pixels (those of its file, however it was decoded)
 * @param height the picture's height
 */
public record Reading(String number, List<ReadDigit> digits, int width, int height) {

    /** Stands for a rejected digit in {@link #number}. */
    public static final char NOT_A_DIGIT = '?';

    /** Stands between two lines of writing in {@link #number}. */
    public static final char LINE_BREAK = ' ';

    /** The reading of {@code lines} of digits, top to bottom, each left to right (empty lines left out). */
    public static Reading of(List<List<ReadDigit>> lines, int width, int height) {
        StringBuilder s = new StringBuilder();
        List<ReadDigit> all = new ArrayList<>();
        for (List<ReadDigit> line : lines) {
            if (line.isEmpty()) continue;
            if (!s.isEmpty()) s.append(LINE_BREAK);
            line.forEach(d -> s.append(d.symbol()));
            all.addAll(line);
        }
        return new Reading(s.toString(), List.copyOf(all), width, height);
    }

    /**
     * This reading placed in a picture of {@code width x height} pixels that it was read from at a
     * smaller size (the decoder keeps every second or third pixel of a large picture): each box
     * scaled to cover the same part of it. The same reading where the sizes agree.
     */
    public Reading inPixelsOf(int width, int height) {
        if (width == this.width && height == this.height) return this;
        double sx = (double) width / this.width;
        double sy = (double) height / this.height;
        List<ReadDigit> scaled = digits.stream().map(d -> {
            Box b = d.box();
            int x = (int) Math.floor(b.x() * sx);
            int y = (int) Math.floor(b.y() * sy);
            Box box = new Box(x, y, Math.max(1, Math.min(width, (int) Math.ceil(b.right() * sx)) - x),
                    Math.max(1, Math.min(height, (int) Math.ceil(b.bottom() * sy)) - y));
            return new ReadDigit(box, d.digit(), d.probability(), d.notADigit(), d.reason(), d.distance(), d.score());
        }).toList();
        return new Reading(number, scaled, width, height);
    }

    /** Whether every digit found is a digit (and there is at least one). */
    public boolean complete() {
        return !digits.isEmpty() && digits.stream().noneMatch(ReadDigit::notADigit);
    }
}
