package dev.digits;

import dev.digits.internal.infer.Preprocessor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Synthetic digits for tests: glyphs and strokes drawn with Graphics2D. */
public final class TestDigits {

    private TestDigits() {}

    /**
     * A white canvas with a dark, antialiased "7" (with a bar) drawn off-centre towards the top
     * left; its ink spans about a third of the width and half of the height.
     */
    public static BufferedImage strokeSeven(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = smooth(image);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(20, 20, 30));
        g.setStroke(new BasicStroke(width / 22f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double sx = width / 300.0;
        double sy = height / 300.0;
        g.draw(new Line2D.Double(40 * sx, 40 * sy, 150 * sx, 40 * sy));
        g.draw(new Line2D.Double(150 * sx, 40 * sy, 80 * sx, 190 * sy));
        g.draw(new Line2D.Double(75 * sx, 115 * sy, 135 * sx, 115 * sy));
        g.dispose();
        return image;
    }

    /** The digit {@code d} as a glyph, slightly rotated and shifted at random, in MNIST form. */
    public static byte[] glyph(int d, Random random) {
        BufferedImage image = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = smooth(image);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 200, 200);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, random.nextBoolean() ? Font.BOLD : Font.PLAIN, 120));
        AffineTransform t = new AffineTransform();
        t.rotate((random.nextDouble() - 0.5) * 0.5, 100, 100);
        g.transform(t);
        g.drawString(Integer.toString(d), 60 + random.nextInt(30), 140 + random.nextInt(20));
        g.dispose();
        return Preprocessor.toMnist(image);
    }

    private static Graphics2D smooth(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }
}
