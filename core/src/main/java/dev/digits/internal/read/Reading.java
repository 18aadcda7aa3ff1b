package dev.digits.internal.read;

import java.util.List;

/**
 * What {@code mnist read} and {@code POST /api/read} answer for one picture.
 *
 * @param number the digits left to right, {@value #NOT_A_DIGIT} for each one that is not a digit;
 *     empty when the picture has no ink
 * @param digits each digit, left to right
 * @param width the picture's width
 * @param height the picture's height
 */
public record Reading(String number, List<ReadDigit> digits, int width, int height) {

    /** Stands for a rejected digit in {@link #number}. */
    public static final char NOT_A_DIGIT = '?';

    public static Reading of(List<ReadDigit> digits, int width, int height) {
        StringBuilder s = new StringBuilder();
        digits.forEach(d -> s.append(d.symbol()));
        return new Reading(s.toString(), List.copyOf(digits), width, height);
    }

    /** Whether every digit found is a digit (and there is at least one). */
    public boolean complete() {
        return !digits.isEmpty() && digits.stream().noneMatch(ReadDigit::notADigit);
    }
}
