/**
 * CPU workarounds under the network, kept apart so that {@code dev.digits.internal.model} reads as the
 * network itself: {@link dev.digits.internal.model.cpu.ChannelsLast} (NHWC memory order for oneDNN),
 * {@link dev.digits.internal.model.cpu.Bf16Conv} with {@link dev.digits.internal.model.cpu.TorchScript} (bfloat16
 * convolutions that DJL's native bridge cannot name), and {@link dev.digits.internal.model.cpu.Dropout}
 * (one random draw per value instead of libtorch's two). Each one's reason and measurement is in
 * its Javadoc and docs/history.md.
 *
 * <p>Internal, not API (see {@link dev.digits.api.DigitModel}).
 */
package dev.digits.internal.model.cpu;
