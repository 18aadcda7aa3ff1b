package dev.digits.internal.eval;

import dev.digits.internal.infer.Preprocessor;
import dev.digits.internal.io.AtomicWrite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Grids of test digits, drawn as PNG files: each digit framed and captioned in green when the
 * model was right and red when it was wrong. {@link Charts} draws the charts.
 *
 * <p>Every method writes its file atomically (a temporary file in the same folder, then an atomic
 * move over the target), creating the folder if needed, and works without a display: loading this
 * class sets {@code java.awt.headless=true} unless it was set already.
 */
public final class DigitGrid {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** At most this many digits are drawn in one grid; the title says when more were given. */
    public static final int MAX_IMAGES = 300;

    private static final Color CORRECT = new Color(0, 128, 0);
    private static final Color WRONG = new Color(205, 0, 0);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font CAPTION = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font MESSAGE = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    private static final int MARGIN = 20;
    private static final int SCALE = 4;

    private DigitGrid() {}

    /**
     * A grid of digits, 8 to a row, each with {@code "pred P / true T"} under it, in green when
     * right and red when wrong.
     *
     * @param images 784 bytes each, as from {@link Preprocessor#toMnist}
     * @param trueLabels the true digit of each image
     * @param predicted the predicted digit of each image
     * @param png the file to write
     * @throws IOException if the file cannot be written
     */
    public static void predictions(byte[][] images, int[] trueLabels, int[] predicted, Path png)
            throws IOException {
        checkLengths(images, trueLabels, predicted, null);
        int n = Math.min(images.length, MAX_IMAGES);
        int right = 0;
        List<String> captions = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            right += trueLabels[i] == predicted[i] ? 1 : 0;
            if (i < n) {
                captions.add("pred " + predicted[i] + " / true " + trueLabels[i]);
            }
        }
        String title = "Predictions on test images: " + right + " of " + images.length
                + " correct" + shown(n, images.length);
        BufferedImage picture = captions.isEmpty() ? message("no images")
                : grid(images, trueLabels, predicted, captions, title, 8);
        writePng(picture, png);
    }

    /**
     * Every misclassified image given, in the order given (callers pass them most confident
     * first), captioned {@code "true T -> P (93%)"}, ten to a row. With no images, writes a picture
     * that says there were no mistakes.
     *
     * @param images 784 bytes each
     * @param trueLabels the true digit of each image
     * @param predicted the (wrong) predicted digit of each image
     * @param confidence the model's probability for its prediction, in [0, 1]
     * @param png the file to write
     * @throws IOException if the file cannot be written
     */
    public static void misclassified(byte[][] images, int[] trueLabels, int[] predicted,
            float[] confidence, Path png) throws IOException {
        Objects.requireNonNull(confidence, "confidence");
        checkLengths(images, trueLabels, predicted, confidence);
        int n = Math.min(images.length, MAX_IMAGES);
        List<String> captions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String percent = Float.isNaN(confidence[i]) ? "?"
                    : Math.round(confidence[i] * 100) + "%";
            captions.add("true " + trueLabels[i] + " -> " + predicted[i] + " (" + percent + ")");
        }
        String title = "Misclassified test images: " + images.length
                + ", most confident first" + shown(n, images.length);
        BufferedImage picture = captions.isEmpty()
                ? message("No mistakes: every test image was classified correctly.")
                : grid(images, trueLabels, predicted, captions, title, 10);
        writePng(picture, png);
    }

    /** The first {@code captions.size()} digits under a title, {@code columns} to a row. */
    private static BufferedImage grid(byte[][] images, int[] trueLabels, int[] predicted,
            List<String> captions, String title, int columns) {
        FontMetrics titleMetrics = metrics(TITLE);
        FontMetrics captionMetrics = metrics(CAPTION);
        int n = captions.size();
        int tile = Preprocessor.SIZE * SCALE;
        int widest = 0;
        for (String c : captions) {
            widest = Math.max(widest, captionMetrics.stringWidth(c));
        }
        int cellWidth = Math.max(tile, widest) + 16;
        int cellHeight = tile + captionMetrics.getHeight() + 16;
        int titleHeight = titleMetrics.getHeight() + 16;
        int cols = Math.min(columns, n);
        int rows = (n + cols - 1) / cols;
        int width = Math.max(2 * MARGIN + cols * cellWidth,
                titleMetrics.stringWidth(title) + 2 * MARGIN);
        int height = 2 * MARGIN + titleHeight + rows * cellHeight;

        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(canvas);
        g.setFont(TITLE);
        g.setColor(Color.BLACK);
        g.drawString(title, (width - titleMetrics.stringWidth(title)) / 2,
                MARGIN + titleMetrics.getAscent());
        int left = (width - cols * cellWidth) / 2;
        g.setFont(CAPTION);
        g.setStroke(new BasicStroke(3f));
        for (int i = 0; i < n; i++) {
            int x = left + (i % cols) * cellWidth;
            int y = MARGIN + titleHeight + (i / cols) * cellHeight;
            int tx = x + (cellWidth - tile) / 2;
            g.drawImage(Preprocessor.toImage(images[i], SCALE), tx, y, null);
            g.setColor(trueLabels[i] == predicted[i] ? CORRECT : WRONG);
            g.draw(new Rectangle2D.Double(tx - 1.5, y - 1.5, tile + 3, tile + 3));
            String caption = captions.get(i);
            g.drawString(caption, x + (cellWidth - captionMetrics.stringWidth(caption)) / 2,
                    y + tile + 4 + captionMetrics.getAscent());
        }
        g.dispose();
        return canvas;
    }

    /** A picture with one line of text, in green, instead of an empty grid. */
    private static BufferedImage message(String text) {
        int width = Math.max(640, metrics(MESSAGE).stringWidth(text) + 2 * MARGIN);
        int height = 160;
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(canvas);
        g.setFont(MESSAGE);
        g.setColor(CORRECT);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (width - fm.stringWidth(text)) / 2,
                (height + fm.getAscent() - fm.getDescent()) / 2);
        g.dispose();
        return canvas;
    }

    private static FontMetrics metrics(Font font) {
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            return probe.getFontMetrics(font);
        } finally {
            probe.dispose();
        }
    }

    /** Graphics for a canvas, filled white, with smooth text and sharp (unsmoothed) pixels. */
    private static Graphics2D graphics(BufferedImage canvas) {
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        return g;
    }

    private static void writePng(BufferedImage picture, Path png) throws IOException {
        AtomicWrite.write(png, out -> {
            if (!ImageIO.write(picture, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private static void checkLengths(byte[][] images, int[] trueLabels, int[] predicted,
            float[] confidence) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(trueLabels, "trueLabels");
        Objects.requireNonNull(predicted, "predicted");
        int n = images.length;
        if (trueLabels.length != n || predicted.length != n
                || (confidence != null && confidence.length != n)) {
            throw new IllegalArgumentException("images, labels, predictions"
                    + (confidence != null ? " and confidences" : "")
                    + " must have the same length");
        }
        for (int i = 0; i < n; i++) {
            if (images[i] == null || images[i].length != Preprocessor.SIZE * Preprocessor.SIZE) {
                throw new IllegalArgumentException("image " + i + " is not 784 bytes");
            }
        }
    }

    private static String shown(int shown, int given) {
        return shown < given ? " (first " + shown + " shown)" : "";
    }
}
