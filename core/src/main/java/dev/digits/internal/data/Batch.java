package dev.digits.internal.data;

/**
 * One batch ready for the engine.
 *
 * @param images {@code size * 784} normalised floats
 * @param labels {@code size} labels
 */
public record Batch(float[] images, int[] labels) {
    public int size() {
        return labels.length;
    }
}
