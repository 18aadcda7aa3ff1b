package dev.digits.internal.read;

/**
 * One digit of a number: where it is and what it is.
 *
 * @param box where it is in the picture
 * @param digit the most likely digit (reported even when it is not a digit): the classifier's, or the
 *     whole-number reader's where {@link Consensus} took its reading
 * @param probability that reader's probability for it
 * @param notADigit whether the gate rejected it: a letter, a scribble, noise
 * @param reason why it is not a digit; null for a digit
 * @param distance its distance from the training digits ({@link DigitGate})
 * @param score the gate's probe's probability that it is not a digit ({@link Probe}; NaN without one)
 */
public record ReadDigit(Box box, int digit, float probability, boolean notADigit, DigitGate.Reason reason, double distance,
        double score) {

    /** The character this digit adds to the number: the digit, or {@value Reading#NOT_A_DIGIT}. */
    public char symbol() {
        return notADigit ? Reading.NOT_A_DIGIT : (char) ('0' + digit);
    }
}
