package dev.digits.internal.read;

/** A rectangle in the picture's pixels: left, top, width and height. */
public record Box(int x, int y, int width, int height) {

    public Box {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a box is at least 1x1, got " + width + "x" + height);
        }
    }

    public int right() {
        return x + width; // exclusive
    }

    public int bottom() {
        return y + height; // exclusive
    }

    public double centreX() {
        return x + width / 2.0;
    }
}
