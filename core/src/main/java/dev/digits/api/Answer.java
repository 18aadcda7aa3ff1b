package dev.digits.api;

import java.util.List;

/**
 * The model's answer for one picture of one digit.
 *
 * @param digit the most probable digit, 0 to 9 (given even when {@code notADigit} is true)
 * @param probability its probability, between 0 and 1
 * @param top3 the three most probable digits, most probable first (the first is {@code digit})
 * @param notADigit whether the picture looks like no digit at all (a letter, a scribble, noise): the
 *     model is unsure, or the picture is far from every digit it was trained on
 */
public record Answer(int digit, float probability, List<Candidate> top3, boolean notADigit) {

    public Answer {
        top3 = List.copyOf(top3);
    }
}
