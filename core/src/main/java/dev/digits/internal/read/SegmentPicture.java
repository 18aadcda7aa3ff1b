package dev.digits.internal.read;

import dev.digits.internal.infer.Preprocessor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The picture that {@code read --show-segments} writes: the input with a box around each digit
 * and its answer above it (green for a digit, red for "not a digit"), and underneath, the 28x28
 * input the model saw for each.
 */
public final class SegmentPicture {

    private static final Color DIGIT = new Color(0, 150, 60);
    private static final Color REJECTED = new Color(210, 30, 30);

    private SegmentPicture() {}

    public static BufferedImage draw(BufferedImage image, NumberReader.Detail detail) {
        int w = image.getWidth();
        int h = image.getHeight();
        // the boxes are in the picture's own pixels; a large one was decoded smaller (ImageDecoder.sourceSize)
        List<ReadDigit> digits = detail.reading().inPixelsOf(w, h).digits();
        int label = Math.max(14, Math.min(40, h / 10));
        int thumb = 56;
        int stripH = digits.isEmpty() ? 0 : thumb + 8;
        int width = Math.max(w, digits.size() * (thumb + 4) + 4);
        BufferedImage out = new BufferedImage(width, label + h + stripH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, 0, label, null);
        g.setStroke(new BasicStroke(Math.max(2f, h / 150f)));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, (int) (label * 0.8)));
        for (ReadDigit d : digits) {
            Box b = d.box();
            g.setColor(d.notADigit() ? REJECTED : DIGIT);
            g.drawRect(b.x(), b.y() + label, b.width(), b.height());
            String text = d.notADigit() ? "not a digit" : String.format("%d %.1f%%", d.digit(), 100 * d.probability()); // as read's line
            int ty = Math.max(label - 3, b.y() + label - 4);
            g.drawString(text, b.x(), ty);
        }
        for (int i = 0; i < digits.size(); i++) {
            BufferedImage seen = Preprocessor.toImage(detail.inputs().get(i), 2);
            g.drawImage(seen, 4 + i * (thumb + 4), label + h + 4, null);
        }
        g.dispose();
        return out;
    }
}
