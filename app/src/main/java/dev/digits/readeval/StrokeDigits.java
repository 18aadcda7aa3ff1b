package dev.digits.readeval;

import dev.digits.internal.numbers.NumberSet;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Digits written by code: each digit is one or two pen strokes through hand-placed points in a box
 * 0.6 wide and 1 high (y down), smoothed as a Catmull-Rom curve, each point moved a little by the
 * writer's {@link Random} and drawn with a round pen. The {@link HardCases} are written with them,
 * so that a case can hold what MNIST's digits never show: a 5 whose cap does not touch its body, a
 * 4 written in two strokes that do not meet.
 */
final class StrokeDigits {

    /** How a digit is written: as usual, or in strokes that do not touch. */
    enum Style { USUAL, APART }

    private StrokeDigits() {}

    /** The strokes of {@code digit}, as lists of {x, y} points. */
    static List<double[][]> strokes(int digit, Style style) {
        boolean apart = style == Style.APART;
        return switch (digit) {
            case 0 -> List.<double[][]>of(ellipse(0.3, 0.5, 0.27, 0.48));
            case 1 -> List.<double[][]>of(pts(0.36, 0.0, 0.3, 0.5, 0.26, 1.0));
            case 2 -> List.<double[][]>of(pts(0.05, 0.22, 0.14, 0.06, 0.3, 0.0, 0.47, 0.07, 0.54, 0.24, 0.44, 0.48, 0.2, 0.76, 0.02, 0.99,
                    0.3, 0.97, 0.6, 0.99));
            case 3 -> List.<double[][]>of(pts(0.05, 0.1, 0.28, 0.0, 0.5, 0.1, 0.5, 0.32, 0.24, 0.47, 0.5, 0.6, 0.56, 0.8, 0.36, 0.99,
                    0.04, 0.92));
            case 4 -> apart
                    ? List.<double[][]>of(pts(0.28, 0.0, 0.13, 0.33, 0.0, 0.62, 0.16, 0.62, 0.3, 0.62), pts(0.54, 0.08, 0.53, 0.55, 0.52, 1.0))
                    : List.<double[][]>of(pts(0.38, 0.0, 0.18, 0.33, 0.0, 0.64, 0.3, 0.64, 0.6, 0.64), pts(0.46, 0.2, 0.46, 0.6, 0.46, 1.0));
            case 5 -> apart
                    ? List.<double[][]>of(pts(0.26, 0.0, 0.43, 0.0, 0.6, 0.0), fiveBody(0.14))
                    : List.<double[][]>of(pts(0.6, 0.0, 0.35, 0.0, 0.1, 0.0), fiveBody(0.0));
            case 6 -> List.<double[][]>of(pts(0.5, 0.0, 0.24, 0.2, 0.08, 0.5, 0.08, 0.8, 0.26, 1.0, 0.46, 0.94, 0.55, 0.74, 0.44, 0.56,
                    0.24, 0.56, 0.08, 0.72));
            case 7 -> List.<double[][]>of(pts(0.02, 0.02, 0.3, 0.02, 0.58, 0.02, 0.42, 0.5, 0.3, 1.0));
            case 8 -> List.<double[][]>of(pts(0.3, 0.5, 0.08, 0.34, 0.1, 0.1, 0.3, 0.0, 0.5, 0.1, 0.52, 0.34, 0.3, 0.5, 0.05, 0.72,
                    0.1, 0.94, 0.3, 1.0, 0.52, 0.92, 0.55, 0.72, 0.3, 0.5));
            case 9 -> List.<double[][]>of(pts(0.52, 0.3, 0.4, 0.04, 0.2, 0.02, 0.06, 0.2, 0.12, 0.4, 0.32, 0.45, 0.52, 0.3, 0.5, 0.64,
                    0.46, 1.0));
            default -> throw new IllegalArgumentException("not a digit: " + digit);
        };
    }

    /** A 5's body from its cap's left end down; {@code gap} leaves that much of the height free under the cap. */
    private static double[][] fiveBody(double gap) {
        return pts(0.1, gap, 0.08, 0.42, 0.3, 0.36, 0.5, 0.46, 0.56, 0.7, 0.42, 0.94, 0.2, 1.0, 0.03, 0.9);
    }

    private static double[][] pts(double... xy) {
        double[][] p = new double[xy.length / 2][];
        for (int i = 0; i < p.length; i++) p[i] = new double[] {xy[2 * i], xy[2 * i + 1]};
        return p;
    }

    private static double[][] ellipse(double cx, double cy, double rx, double ry) {
        int n = 16;
        double[][] p = new double[n + 1][];
        for (int i = 0; i <= n; i++) {
            double a = -Math.PI / 2 + 2 * Math.PI * i / n;
            p[i] = new double[] {cx + rx * Math.cos(a), cy + ry * Math.sin(a)};
        }
        return p;
    }

    /**
     * The digit's ink (0..1, row-major) in a patch {@code height} high (plus the pen's width),
     * written with a pen {@code pen} of the height wide, slanted by {@code shear} (top to the right),
     * each point moved by up to {@code wobble} of the height.
     */
    static NumberSet.Patch write(int digit, Style style, int height, double pen, double shear, double wobble, Random r) {
        double width = pen * height;
        int margin = (int) Math.ceil(width) + 2;
        int w = (int) Math.ceil(0.6 * height + Math.abs(shear) * height) + 2 * margin;
        int h = height + 2 * margin;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (double[][] stroke : strokes(digit, style)) {
            List<double[]> moved = new ArrayList<>();
            for (double[] p : stroke) {
                double y = p[1] + r.nextGaussian() * wobble;
                double x = p[0] + r.nextGaussian() * wobble + (shear > 0 ? shear * (1 - y) : -shear * y);
                moved.add(new double[] {margin + x * height, margin + y * height});
            }
            if (stroke.length > 2 && stroke[0][0] == stroke[stroke.length - 1][0] && stroke[0][1] == stroke[stroke.length - 1][1]) {
                moved.set(moved.size() - 1, moved.get(0)); // a closed loop stays closed
            }
            g.draw(smooth(moved));
        }
        g.dispose();
        float[] ink = new float[w * h];
        for (int i = 0; i < ink.length; i++) ink[i] = img.getRaster().getSample(i % w, i / w, 0) / 255f;
        return new NumberSet.Patch(ink, w, h, 0, 0);
    }

    /** A Catmull-Rom curve through the points, as short straight pieces. */
    static Path2D.Double smooth(List<double[]> p) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(p.get(0)[0], p.get(0)[1]);
        for (int i = 0; i + 1 < p.size(); i++) {
            double[] p0 = p.get(Math.max(0, i - 1)), p1 = p.get(i), p2 = p.get(i + 1), p3 = p.get(Math.min(p.size() - 1, i + 2));
            for (int s = 1; s <= 8; s++) {
                double t = s / 8.0, t2 = t * t, t3 = t2 * t;
                double x = 0.5 * (2 * p1[0] + (-p0[0] + p2[0]) * t + (2 * p0[0] - 5 * p1[0] + 4 * p2[0] - p3[0]) * t2
                        + (-p0[0] + 3 * p1[0] - 3 * p2[0] + p3[0]) * t3);
                double y = 0.5 * (2 * p1[1] + (-p0[1] + p2[1]) * t + (2 * p0[1] - 5 * p1[1] + 4 * p2[1] - p3[1]) * t2
                        + (-p0[1] + 3 * p1[1] - 3 * p2[1] + p3[1]) * t3);
                path.lineTo(x, y);
            }
        }
        return path;
    }
}
