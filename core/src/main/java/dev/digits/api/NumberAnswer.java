package dev.digits.api;

import java.util.List;

/**
 * The number read from a picture of several digits.
 *
 * @param number the digits left to right, with {@code '?'} for each piece that is not a digit, and a
 *     space between lines of writing, top to bottom ("123 4567" for 123 written above 4567); empty
 *     when the picture has no ink
 * @param digits each piece found, in the order of {@code number}
 */
public record NumberAnswer(String number, List<Piece> digits) {

    public NumberAnswer {
        digits = List.copyOf(digits);
    }

    /** Whether at least one digit was found and every piece is a digit. */
    public boolean complete() {
        return !digits.isEmpty() && digits.stream().noneMatch(p -> p.answer().notADigit());
    }

    /**
     * One piece of the picture and what it is.
     *
     * @param x left edge, in the picture's pixels
     * @param y top edge
     * @param width width in pixels
     * @param height height in pixels
     * @param answer the digit read there; its {@code top3} holds that digit only
     */
    public record Piece(int x, int y, int width, int height, Answer answer) {}
}
