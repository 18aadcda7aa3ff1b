/**
 * From images to answers: image decoding with size limits, MNIST-style preprocessing, and {@link dev.digits.internal.infer.DigitClassifier}, the one path from 28x28 images to predictions.
 *
 * <p>Internal, not API: public so that the modules of this repository can use it, but free to
 * change in any version. Library users call {@link dev.digits.api.DigitModel}.
 */
package dev.digits.internal.infer;
