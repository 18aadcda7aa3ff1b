/**
 * Weights to and from PyTorch: a run's weights as the state_dict of the report's MNISTResNet or of
 * the fast family's class in python/, in safetensors, and back into a run folder.
 *
 * <p>Internal, not API: public so that the modules of this repository can use it, but free to
 * change in any version. Library users call {@link dev.digits.api.DigitModel}.
 */
package dev.digits.internal.exchange;
