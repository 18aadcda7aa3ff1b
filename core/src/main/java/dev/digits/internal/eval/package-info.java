/**
 * Evaluation: accuracy, confusion matrix, calibration, robustness to shifts, other writers' digits, charts and the run report.
 *
 * <p>Internal, not API: public so that the modules of this repository can use it, but free to
 * change in any version. Library users call {@link dev.digits.api.DigitModel}.
 */
package dev.digits.internal.eval;
