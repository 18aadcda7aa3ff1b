package dev.digits.readeval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A set of pictures that are not digits, made from a seed (the same seed, the same set, given the
 * same fonts: Java's logical fonts, which Debian maps to DejaVu and Liberation), to measure how
 * many the {@link dev.digits.internal.read.DigitGate} rejects. 64x64 pictures, dark ink on light paper or
 * the reverse, as {@code predict} gets them.
 */
public final class NonDigits {

    public static final int SIDE = 64;

    /** What kind of non-digit a sample is. */
    public enum Kind {
        /** A-Z and a-z in three font families, plain, bold and italic, rotated, scaled. */
        LETTER,
        /** Two to six random strokes, straight or curved. */
        SCRIBBLE,
        /** A smiley face, a star, a grid, a cross-hatch, a spiral. */
        SHAPE,
        /** Random dots, blotches or salt-and-pepper noise. */
        NOISE,
        /** An empty frame: plain paper, with or without faint texture. */
        EMPTY
    }

    public record Sample(Kind kind, String label, BufferedImage image) {}

    private NonDigits() {}

    private static final String[] FAMILIES = {Font.SERIF, Font.SANS_SERIF, Font.MONOSPACED};
    private static final int[] STYLES = {Font.PLAIN, Font.BOLD, Font.ITALIC};

    /**
     * The set: every letter in every font and style (468), and {@code others} each of scribbles,
     * shapes and noise, and {@code others / 2} empty frames.
     */
    public static List<Sample> make(long seed, int others) {
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (String family : FAMILIES) {
            for (int style : STYLES) {
                for (char ch : letters.toCharArray()) {
                    out.add(new Sample(Kind.LETTER, family + "/" + style + "/" + ch, letter(ch, family, style, r)));
                }
            }
        }
        for (int i = 0; i < others; i++) out.add(new Sample(Kind.SCRIBBLE, "scribble " + i, scribble(r)));
        for (int i = 0; i < others; i++) out.add(new Sample(Kind.SHAPE, "shape " + i, shape(i % 5, r)));
        for (int i = 0; i < others; i++) out.add(new Sample(Kind.NOISE, "noise " + i, noise(i % 3, r)));
        for (int i = 0; i < others / 2; i++) out.add(new Sample(Kind.EMPTY, "empty " + i, empty(r)));
        return out;
    }

    /**
     * The digits 0-9 in the same fonts, styles and transforms as the letters (90 pictures): digits
     * that the gate should let through, though no one wrote them by hand.
     */
    public static List<BufferedImage> printedDigits(long seed) {
        return printed("0123456789", FAMILIES, STYLES, new Random(seed));
    }

    /** Each of {@code chars} in each family and style (in that order), drawn as {@link #letter} draws it. */
    static List<BufferedImage> printed(String chars, String[] families, int[] styles, Random r) {
        List<BufferedImage> out = new ArrayList<>();
        for (String family : families) {
            for (int style : styles) {
                for (char ch : chars.toCharArray()) out.add(letter(ch, family, style, r));
            }
        }
        return out;
    }

    private static Graphics2D paper(BufferedImage img, Random r) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        boolean dark = r.nextInt(4) == 0;
        g.setColor(dark ? Color.BLACK : Color.WHITE);
        g.fillRect(0, 0, SIDE, SIDE);
        g.setColor(dark ? Color.WHITE : Color.BLACK);
        return g;
    }

    static BufferedImage letter(char ch, String family, int style, Random r) {
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = paper(img, r);
        g.setFont(new Font(family, style, 30 + r.nextInt(16)));
        AffineTransform t = new AffineTransform();
        t.translate(SIDE / 2.0, SIDE / 2.0);
        t.rotate(Math.toRadians(r.nextGaussian() * 8));
        t.shear(r.nextGaussian() * 0.1, 0);
        g.transform(t);
        var m = g.getFontMetrics();
        g.drawString(String.valueOf(ch), -m.charWidth(ch) / 2f, (m.getAscent() - m.getDescent()) / 2f);
        g.dispose();
        return img;
    }

    static BufferedImage scribble(Random r) {
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = paper(img, r);
        g.setStroke(new BasicStroke(2 + r.nextFloat() * 4, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        int strokes = 2 + r.nextInt(5);
        for (int s = 0; s < strokes; s++) {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(pos(r), pos(r));
            int parts = 1 + r.nextInt(3);
            for (int k = 0; k < parts; k++) {
                if (r.nextBoolean()) p.lineTo(pos(r), pos(r));
                else p.curveTo(pos(r), pos(r), pos(r), pos(r), pos(r), pos(r));
            }
            g.draw(p);
        }
        g.dispose();
        return img;
    }

    static BufferedImage shape(int which, Random r) {
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = paper(img, r);
        g.setStroke(new BasicStroke(2 + r.nextFloat() * 3, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        int c = SIDE / 2 + r.nextInt(7) - 3;
        int rad = 18 + r.nextInt(10);
        switch (which) {
            case 0 -> { // a face
                g.drawOval(c - rad, c - rad, 2 * rad, 2 * rad);
                g.fillOval(c - rad / 2 - 2, c - rad / 3 - 2, 5, 5);
                g.fillOval(c + rad / 2 - 2, c - rad / 3 - 2, 5, 5);
                g.drawArc(c - rad / 2, c - rad / 4, rad, rad / 2 + 4, 200, 140);
            }
            case 1 -> { // a star
                Path2D.Double p = new Path2D.Double();
                for (int k = 0; k <= 5; k++) {
                    double a = Math.toRadians(-90 + k * 144 + r.nextGaussian() * 4);
                    if (k == 0) p.moveTo(c + rad * Math.cos(a), c + rad * Math.sin(a));
                    else p.lineTo(c + rad * Math.cos(a), c + rad * Math.sin(a));
                }
                g.draw(p);
            }
            case 2 -> { // a grid
                int n = 2 + r.nextInt(3);
                for (int k = 0; k <= n; k++) {
                    int o = c - rad + k * 2 * rad / n;
                    g.drawLine(o, c - rad, o, c + rad);
                    g.drawLine(c - rad, o, c + rad, o);
                }
            }
            case 3 -> { // cross-hatching
                for (int k = -3; k <= 3; k++) {
                    int o = k * rad / 3;
                    g.drawLine(c - rad + o, c - rad, c + rad + o, c + rad);
                    g.drawLine(c + rad + o, c - rad, c - rad + o, c + rad);
                }
            }
            default -> { // a spiral
                Path2D.Double p = new Path2D.Double();
                p.moveTo(c, c);
                for (double a = 0; a < 6 * Math.PI; a += 0.2) {
                    double d = rad * a / (6 * Math.PI);
                    p.lineTo(c + d * Math.cos(a), c + d * Math.sin(a));
                }
                g.draw(p);
            }
        }
        g.dispose();
        return img;
    }

    static BufferedImage noise(int which, Random r) {
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = paper(img, r);
        switch (which) {
            case 0 -> { // scattered dots
                int n = 10 + r.nextInt(40);
                for (int k = 0; k < n; k++) {
                    int s = 2 + r.nextInt(4);
                    g.fillOval(r.nextInt(SIDE), r.nextInt(SIDE), s, s);
                }
            }
            case 1 -> { // blotches
                int n = 2 + r.nextInt(5);
                for (int k = 0; k < n; k++) {
                    g.fillOval(r.nextInt(SIDE - 10), r.nextInt(SIDE - 10), 6 + r.nextInt(20), 6 + r.nextInt(20));
                }
            }
            default -> { // salt and pepper over the whole frame
                int ink = g.getColor().getRGB();
                double p = 0.05 + r.nextDouble() * 0.3;
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) if (r.nextDouble() < p) img.setRGB(x, y, ink);
                }
            }
        }
        g.dispose();
        return img;
    }

    private static BufferedImage empty(Random r) {
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        int base = r.nextBoolean() ? 235 : 20;
        double amp = r.nextBoolean() ? 0 : 6;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int v = (int) Math.max(0, Math.min(255, base + amp * r.nextGaussian()));
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return img;
    }

    private static double pos(Random r) {
        return 6 + r.nextDouble() * (SIDE - 12);
    }
}
