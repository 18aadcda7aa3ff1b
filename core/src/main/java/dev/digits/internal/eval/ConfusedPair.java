package dev.digits.internal.eval;

/**
 * One off-diagonal cell of a confusion matrix: how often {@code truth} was taken for
 * {@code predicted}.
 *
 * @param truth the true digit
 * @param predicted the digit the model answered
 * @param count how many images
 */
public record ConfusedPair(int truth, int predicted, int count) {}
