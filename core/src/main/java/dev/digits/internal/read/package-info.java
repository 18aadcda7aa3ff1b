/**
 * Reading a number of several digits: ink map, connected components, segmentation, splitting touching digits, and the not-a-digit gate.
 *
 * <p>Internal, not API: public so that the modules of this repository can use it, but free to
 * change in any version. Library users call {@link dev.digits.api.DigitModel}.
 */
package dev.digits.internal.read;
