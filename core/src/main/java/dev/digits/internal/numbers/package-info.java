/**
 * Numbers written with MNIST digits and what the reader cuts out of them: the reading benchmark
 * (from the test digits), and material for the pieces probe and for {@code train --numbers} (from
 * the training digits).
 *
 * <p>Internal, not API: public so that the modules of this repository can use it, but free to
 * change in any version. Library users call {@link dev.digits.api.DigitModel}.
 */
package dev.digits.internal.numbers;
