/**
 * The network: its architecture family, residual blocks, input contract (28x28, normalisation) and test-time views.
 *
 * <p>Internal, not API: public so that the modules of this repository can use it, but free to
 * change in any version. Library users call {@link dev.digits.api.DigitModel}.
 */
package dev.digits.internal.model;
