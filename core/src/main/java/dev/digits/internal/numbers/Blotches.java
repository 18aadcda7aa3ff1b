package dev.digits.internal.numbers;

import java.util.Random;

/**
 * Soft light and dark patches on a picture's paper: Gaussian bumps of random place, size and depth.
 * The benchmark's paper ({@link NumberSet}) and the hard cases' photo-like paper draw them with
 * their own sizes and depths.
 *
 * @param blobs each patch's centre x and y, radius (one standard deviation) and depth in grey levels
 */
public record Blotches(double[][] blobs) {

    /**
     * {@code count} patches on a {@code w} x {@code h} picture, each of radius {@code minRadius} to
     * {@code minRadius + radiusSpread} of the picture's longer side and a depth drawn from a normal
     * distribution of standard deviation {@code depth}; four draws of {@code r} each, in that order.
     */
    public static Blotches draw(int count, int w, int h, double minRadius, double radiusSpread, double depth, Random r) {
        double[][] blobs = new double[count][4];
        for (double[] b : blobs) {
            b[0] = r.nextDouble() * w;
            b[1] = r.nextDouble() * h;
            b[2] = (minRadius + r.nextDouble() * radiusSpread) * Math.max(w, h);
            b[3] = r.nextGaussian() * depth;
        }
        return new Blotches(blobs);
    }

    /** The paper level {@code paper} at ({@code x}, {@code y}) with each patch added to it in turn. */
    public double onto(double paper, int x, int y) {
        double p = paper;
        for (double[] b : blobs) {
            double dx = x - b[0], dy = y - b[1];
            p += b[3] * Math.exp(-(dx * dx + dy * dy) / (2 * b[2] * b[2]));
        }
        return p;
    }
}
