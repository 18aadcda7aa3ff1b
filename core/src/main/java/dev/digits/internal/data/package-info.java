/**
 * The training data: MNIST IDX files, the USPS digits, augmentation and the background batch loader.
 *
 * <p>Internal, not API: public so that the modules of this repository can use it, but free to
 * change in any version. Library users call {@link dev.digits.api.DigitModel}.
 */
package dev.digits.internal.data;
