package dev.digits.internal.eval;

/**
 * Precision, recall and F1 of one digit, as fractions in [0, 1].
 *
 * @param digit the class, 0 to 9
 * @param precision of the images predicted as {@code digit}, the fraction that were; 0 when none
 *     was predicted as it
 * @param recall of the images of {@code digit}, the fraction predicted as it; 0 when there were
 *     none
 * @param f1 the harmonic mean of precision and recall; 0 when both are 0
 * @param support how many images of {@code digit} there were
 */
public record ClassMetrics(int digit, double precision, double recall, double f1, int support) {}
