package dev.digits.eval;

import dev.digits.io.AtomicWrite;

import dev.digits.infer.Preprocessor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import dev.digits.run.EpochRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The pictures of an evaluation, as PNG files: charts drawn with JFreeChart, grids of digits drawn
 * as images.
 *
 * <p>Every method writes its file atomically (a temporary file in the same folder, then an atomic
 * move over the target), creating the folder if needed, and works without a display: loading this
 * class sets {@code java.awt.headless=true} unless it was set already.
 */
public final class Charts {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** At most this many digits are drawn in one grid; the title says when more were given. */
    public static final int MAX_GRID_IMAGES = 300;

    private static final Color CORRECT = new Color(0, 128, 0);
    private static final Color WRONG = new Color(205, 0, 0);
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VALIDATION = new Color(255, 127, 14);
    private static final Color TEST = new Color(44, 160, 44);
    private static final Color LEARNING_RATE = new Color(148, 103, 189);
    private static final String[] DIGITS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 15);

    private Charts() {}

    /**
     * A 10x10 heat map of a confusion matrix: true label down (0 at the top), predicted label
     * across, the count written in every cell. Correct predictions (the diagonal) are shaded green
     * and mistakes red, darker for larger counts (on a log scale, so single mistakes still show).
     *
     * @param counts {@code counts[true][predicted]}, 10x10
     * @param png the file to write, 800x800 pixels
     * @throws IOException if the file cannot be written
     */
    public static void confusionMatrix(int[][] counts, Path png) throws IOException {
        ConfusionMatrix matrix = ConfusionMatrix.of(counts);
        int total = matrix.total();
        int maxDiagonal = 0;
        int maxOff = 0;
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                if (t == p) {
                    maxDiagonal = Math.max(maxDiagonal, counts[t][p]);
                } else {
                    maxOff = Math.max(maxOff, counts[t][p]);
                }
            }
        }

        // z > 0: diagonal, green; z < 0: mistakes, red; |z| in [0.2, 1] grows with log(count)
        double[][] xyz = new double[3][100];
        HeatScale scale = new HeatScale();
        List<XYTextAnnotation> labels = new ArrayList<>();
        Font cellFont = new Font(Font.SANS_SERIF, Font.BOLD, 16);
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                int i = t * 10 + p;
                int c = counts[t][p];
                double z = 0;
                if (c > 0) {
                    int max = t == p ? maxDiagonal : maxOff;
                    double level = 0.2 + 0.8 * Math.log1p(c) / Math.log1p(max);
                    z = t == p ? level : -level;
                }
                xyz[0][i] = p;
                xyz[1][i] = t;
                xyz[2][i] = z;
                XYTextAnnotation label = new XYTextAnnotation(Integer.toString(c), p, t);
                label.setFont(cellFont);
                label.setTextAnchor(TextAnchor.CENTER);
                label.setPaint(luminance((Color) scale.getPaint(z)) < 140 ? Color.WHITE
                        : c == 0 ? new Color(150, 150, 150) : Color.BLACK);
                labels.add(label);
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("counts", xyz);

        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(1);
        renderer.setBlockHeight(1);
        renderer.setBlockAnchor(RectangleAnchor.CENTER);
        renderer.setPaintScale(scale);
        renderer.setDefaultOutlinePaint(Color.WHITE);

        XYPlot plot = new XYPlot(dataset, digitAxis("Predicted label"), digitAxis("True label"),
                renderer);
        plot.getRangeAxis().setInverted(true);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        labels.forEach(plot::addAnnotation);

        // cell borders, so neighbouring white cells stay apart
        for (double v = 0.5; v < 9.5; v += 1) {
            plot.addAnnotation(new org.jfree.chart.annotations.XYLineAnnotation(v, -0.5, v, 9.5,
                    new BasicStroke(1f), new Color(220, 220, 220)));
            plot.addAnnotation(new org.jfree.chart.annotations.XYLineAnnotation(-0.5, v, 9.5, v,
                    new BasicStroke(1f), new Color(220, 220, 220)));
        }

        String accuracy = total == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2f%%", 100.0 * matrix.correct() / total);
        JFreeChart chart = new JFreeChart(
                "Confusion matrix (" + total + " test images, accuracy " + accuracy + ")",
                TITLE, plot, false);
        chart.addSubtitle(subtitle("green: correct (the diagonal)   red: mistakes   "
                + "darker: more images (log scale)"));
        style(chart);
        writeChart(chart, 800, 800, png);
    }

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
    public static void predictionsGrid(byte[][] images, int[] trueLabels, int[] predicted,
            Path png) throws IOException {
        checkLengths(images, trueLabels, predicted, null);
        int n = Math.min(images.length, MAX_GRID_IMAGES);
        int right = 0;
        List<String> captions = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            boolean ok = trueLabels[i] == predicted[i];
            right += ok ? 1 : 0;
            if (i < n) {
                captions.add("pred " + predicted[i] + " / true " + trueLabels[i]);
                colours.add(ok ? CORRECT : WRONG);
            }
        }
        String title = "Predictions on test images: " + right + " of " + images.length
                + " correct" + shown(n, images.length);
        writeGrid(images, captions, colours, title, 8, 4, "no images", png);
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
        int n = Math.min(images.length, MAX_GRID_IMAGES);
        List<String> captions = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String percent = Float.isNaN(confidence[i]) ? "?"
                    : Math.round(confidence[i] * 100) + "%";
            captions.add("true " + trueLabels[i] + " -> " + predicted[i] + " (" + percent + ")");
            colours.add(trueLabels[i] == predicted[i] ? CORRECT : WRONG);
        }
        String title = "Misclassified test images: " + images.length
                + ", most confident first" + shown(n, images.length);
        writeGrid(images, captions, colours, title, 10, 4,
                "No mistakes: every test image was classified correctly.", png);
    }

    /**
     * Three panels sharing the epoch axis: loss, accuracy (percent) and learning rate, with train,
     * validation and test lines. Missing (NaN) values are left out, and a line with no values at
     * all is not drawn.
     *
     * @param rows one per epoch
     * @param png the file to write, 1000x1100 pixels
     * @throws IOException if the file cannot be written
     */
    public static void trainingCurves(List<EpochRow> rows, Path png) throws IOException {
        Objects.requireNonNull(rows, "rows");
        NumberAxis epochs = new NumberAxis("Epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epochs.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(epochs);
        combined.setGap(16);

        XYPlot loss = panel("Loss", true,
                series("train", rows, EpochRow::trainLoss, TRAIN),
                series("validation", rows, EpochRow::valLoss, VALIDATION),
                series("test", rows, EpochRow::testLoss, TEST));
        XYPlot accuracy = panel("Accuracy (%)", false,
                series("train", rows, EpochRow::trainAccuracy, TRAIN),
                series("validation", rows, EpochRow::valAccuracy, VALIDATION),
                series("test", rows, EpochRow::testAccuracy, TEST));
        XYPlot lr = panel("Learning rate", false,
                series("learning rate", rows, EpochRow::lr, LEARNING_RATE));
        combined.add(loss, 2);
        combined.add(accuracy, 2);
        combined.add(lr, 1);

        JFreeChart chart = new JFreeChart("Training curves", TITLE, combined, false);
        LegendTitle legend = new LegendTitle(loss);
        legend.setItemFont(SUBTITLE);
        legend.setPosition(RectangleEdge.TOP);
        chart.addSubtitle(legend);
        String summary = summary(rows);
        if (!summary.isEmpty()) {
            chart.addSubtitle(subtitle(summary));
        }
        style(chart);
        writeChart(chart, 1000, 1100, png);
    }

    // ---- charts ------------------------------------------------------------------------------

    /** Colours the heat map: 0 white, (0, 1] white to dark green, [-1, 0) white to dark red. */
    private static final class HeatScale implements PaintScale, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public double getLowerBound() {
            return -1;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double z) {
            double level = Math.min(1, Math.abs(z));
            if (Double.isNaN(z) || level == 0) {
                return Color.WHITE;
            }
            Color to = z > 0 ? new Color(0, 100, 0) : new Color(190, 0, 0);
            return new Color(mix(255, to.getRed(), level), mix(255, to.getGreen(), level),
                    mix(255, to.getBlue(), level));
        }

        private static int mix(int from, int to, double t) {
            return (int) Math.round(from + (to - from) * t);
        }
    }

    private static SymbolAxis digitAxis(String label) {
        SymbolAxis axis = new SymbolAxis(label, DIGITS);
        axis.setGridBandsVisible(false);
        axis.setRange(-0.5, 9.5);
        return axis;
    }

    private static XYPlot panel(String label, boolean inLegend, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (XYSeries s : series) {
            if (s.getItemCount() == 0) {
                continue;
            }
            int i = data.getSeriesCount();
            data.addSeries(s);
            renderer.setSeriesPaint(i, colourOf(s));
            renderer.setSeriesStroke(i, new BasicStroke(2.5f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }
        renderer.setDefaultSeriesVisibleInLegend(inLegend);
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(210, 210, 210));
        plot.setRangeGridlinePaint(new Color(210, 210, 210));
        plot.setNoDataMessage("no values");
        return plot;
    }

    private static XYSeries series(String name, List<EpochRow> rows,
            java.util.function.ToDoubleFunction<EpochRow> value, Color colour) {
        XYSeries s = new ColouredSeries(name, colour);
        for (EpochRow row : rows) {
            double v = value.applyAsDouble(row);
            if (Double.isFinite(v)) {
                s.add(row.epoch(), v);
            }
        }
        return s;
    }

    /** A series that remembers its colour, so a line keeps it when others are missing. */
    private static final class ColouredSeries extends XYSeries {
        private static final long serialVersionUID = 1L;
        private final Color colour;

        ColouredSeries(String name, Color colour) {
            super(name, true, true);
            this.colour = colour;
        }
    }

    private static Color colourOf(XYSeries s) {
        return ((ColouredSeries) s).colour;
    }

    private static String summary(List<EpochRow> rows) {
        EpochRow best = null;
        EpochRow last = null;
        for (EpochRow r : rows) {
            if (Double.isFinite(r.testAccuracy())) {
                last = r;
                if (best == null || r.testAccuracy() > best.testAccuracy()) {
                    best = r;
                }
            }
        }
        if (last == null) {
            return "";
        }
        return String.format(Locale.ROOT,
                "final test accuracy %.2f%% (epoch %d), best %.2f%% (epoch %d)",
                last.testAccuracy(), last.epoch(), best.testAccuracy(), best.epoch());
    }

    private static TextTitle subtitle(String text) {
        TextTitle t = new TextTitle(text, SUBTITLE);
        t.setPaint(new Color(80, 80, 80));
        t.setPadding(new RectangleInsets(4, 4, 8, 4));
        return t;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        List<XYPlot> plots = new ArrayList<>();
        if (chart.getPlot() instanceof CombinedDomainXYPlot combined) {
            plots.addAll(combined.getSubplots());
            plots.add(combined);
        } else {
            plots.add(chart.getXYPlot());
        }
        for (XYPlot plot : plots) {
            for (var axis : new org.jfree.chart.axis.ValueAxis[] {plot.getDomainAxis(),
                    plot.getRangeAxis()}) {
                if (axis != null) {
                    axis.setLabelFont(AXIS_LABEL);
                    axis.setTickLabelFont(TICKS);
                }
            }
        }
    }

    private static void writeChart(JFreeChart chart, int width, int height, Path png)
            throws IOException {
        AtomicWrite.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }

    // ---- grids of digits ---------------------------------------------------------------------

    private static void writeGrid(byte[][] images, List<String> captions, List<Color> colours,
            String title, int columns, int scale, String whenEmpty, Path png) throws IOException {
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 20);
        Font captionFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D probe = scratch.createGraphics();
        FontMetrics captionMetrics = probe.getFontMetrics(captionFont);
        FontMetrics titleMetrics = probe.getFontMetrics(titleFont);
        Font emptyFont = new Font(Font.SANS_SERIF, Font.BOLD, 22);
        FontMetrics emptyMetrics = probe.getFontMetrics(emptyFont);
        probe.dispose();

        int n = captions.size();
        int margin = 20;
        int titleHeight = titleMetrics.getHeight() + 16;
        BufferedImage canvas;
        if (n == 0) {
            int width = Math.max(640, emptyMetrics.stringWidth(whenEmpty) + 2 * margin);
            canvas = new BufferedImage(width, 160, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = graphics(canvas);
            g.setFont(emptyFont);
            g.setColor(CORRECT);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(whenEmpty, (width - fm.stringWidth(whenEmpty)) / 2,
                    (160 + fm.getAscent() - fm.getDescent()) / 2);
            g.dispose();
        } else {
            int tile = Preprocessor.SIZE * scale;
            int widest = 0;
            for (String c : captions) {
                widest = Math.max(widest, captionMetrics.stringWidth(c));
            }
            int cellWidth = Math.max(tile, widest) + 16;
            int cellHeight = tile + captionMetrics.getHeight() + 16;
            int cols = Math.min(columns, n);
            int rows = (n + cols - 1) / cols;
            int width = Math.max(2 * margin + cols * cellWidth,
                    titleMetrics.stringWidth(title) + 2 * margin);
            int height = 2 * margin + titleHeight + rows * cellHeight;
            canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = graphics(canvas);
            g.setFont(titleFont);
            g.setColor(Color.BLACK);
            g.drawString(title, (width - titleMetrics.stringWidth(title)) / 2,
                    margin + titleMetrics.getAscent());
            int left = (width - cols * cellWidth) / 2;
            g.setFont(captionFont);
            for (int i = 0; i < n; i++) {
                int x = left + (i % cols) * cellWidth;
                int y = margin + titleHeight + (i / cols) * cellHeight;
                int tx = x + (cellWidth - tile) / 2;
                g.drawImage(Preprocessor.toImage(images[i], scale), tx, y, null);
                g.setColor(colours.get(i));
                g.setStroke(new BasicStroke(3f));
                g.draw(new Rectangle2D.Double(tx - 1.5, y - 1.5, tile + 3, tile + 3));
                String caption = captions.get(i);
                g.drawString(caption, x + (cellWidth - captionMetrics.stringWidth(caption)) / 2,
                        y + tile + 4 + captionMetrics.getAscent());
            }
            g.dispose();
        }
        BufferedImage picture = canvas;
        AtomicWrite.write(png, out -> {
            if (!ImageIO.write(picture, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

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

    private static double luminance(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    }
}
