package dev.digits.internal.eval;

import dev.digits.internal.io.AtomicWrite;
import dev.digits.internal.run.EpochRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
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
 * The charts of an evaluation, drawn with JFreeChart and written as PNG files: the confusion
 * matrix as a heat map, and the training curves. {@link DigitGrid} draws the pictures of digits.
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

    /**
     * Colours for lines on white, in order (matplotlib's "tab10"): JFreeChart's own sequence has a
     * pale yellow that vanishes on white.
     */
    public static final List<Color> PALETTE = List.of(new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207));
    /** The colour of each line of the training curves, by series name. */
    private static final Map<String, Color> LINE_COLOURS = Map.of(
            "train", PALETTE.get(0),
            "validation", PALETTE.get(1),
            "test", PALETTE.get(2),
            "learning rate", PALETTE.get(4));
    static final Color GRID_LINES = new Color(210, 210, 210);
    private static final String[] DIGITS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    public static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final Font CELL = new Font(Font.SANS_SERIF, Font.BOLD, 16);

    private Charts() {}

    /**
     * A 10x10 heat map of a confusion matrix: true label down (0 at the top), predicted label
     * across, the count written in every cell. Correct predictions (the diagonal) are shaded green
     * and mistakes red, darker for larger counts (on a log scale, so single mistakes still show).
     * The title gives the number of images and the accuracy in percent.
     *
     * @param matrix the counts
     * @param png the file to write, 800x800 pixels
     * @throws IOException if the file cannot be written
     */
    public static void confusionMatrix(ConfusionMatrix matrix, Path png) throws IOException {
        int[][] counts = matrix.counts();
        int maxDiagonal = IntStream.range(0, 10).map(d -> counts[d][d]).max().getAsInt();
        int maxOff = matrix.mostConfused(1).stream().mapToInt(ConfusedPair::count).sum();

        HeatScale scale = new HeatScale();
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockAnchor(RectangleAnchor.CENTER);
        renderer.setPaintScale(scale);
        renderer.setDefaultOutlinePaint(Color.WHITE);
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        XYPlot plot = new XYPlot(dataset, digitAxis("Predicted label"), digitAxis("True label"),
                renderer);
        plot.getRangeAxis().setInverted(true);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);

        // one cell per (true, predicted) pair, z > 0 on the diagonal (green), z < 0 off it (red),
        // |z| in [0.2, 1] growing with log(count); the count written on top
        double[][] xyz = new double[3][100];
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                int c = counts[t][p];
                double level = c == 0 ? 0
                        : 0.2 + 0.8 * Math.log1p(c) / Math.log1p(t == p ? maxDiagonal : maxOff);
                double z = t == p ? level : -level;
                xyz[0][t * 10 + p] = p;
                xyz[1][t * 10 + p] = t;
                xyz[2][t * 10 + p] = z;
                XYTextAnnotation label = new XYTextAnnotation(Integer.toString(c), p, t);
                label.setFont(CELL);
                label.setTextAnchor(TextAnchor.CENTER);
                label.setPaint(luminance((Color) scale.getPaint(z)) < 140 ? Color.WHITE
                        : c == 0 ? new Color(150, 150, 150) : Color.BLACK);
                plot.addAnnotation(label);
            }
        }
        dataset.addSeries("counts", xyz);
        // cell borders, so neighbouring white cells stay apart
        Color border = new Color(220, 220, 220);
        for (double v = 0.5; v < 9.5; v += 1) {
            plot.addAnnotation(new XYLineAnnotation(v, -0.5, v, 9.5, new BasicStroke(1f), border));
            plot.addAnnotation(new XYLineAnnotation(-0.5, v, 9.5, v, new BasicStroke(1f), border));
        }

        String accuracy = matrix.total() == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2f%%", matrix.accuracy());
        JFreeChart chart = new JFreeChart("Confusion matrix (" + matrix.total()
                + " test images, accuracy " + accuracy + ")", TITLE, plot, false);
        chart.addSubtitle(subtitle("green: correct (the diagonal)   red: mistakes   "
                + "darker: more images (log scale)"));
        writeChart(chart, 800, 800, png);
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
        NumberAxis epochs = fonts(new NumberAxis("Epoch"));
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epochs.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(epochs);
        combined.setGap(16);

        XYPlot loss = panel("Loss", true,
                series("train", rows, EpochRow::trainLoss),
                series("validation", rows, EpochRow::valLoss),
                series("test", rows, EpochRow::testLoss));
        XYPlot accuracy = panel("Accuracy (%)", false,
                series("train", rows, EpochRow::trainAccuracy),
                series("validation", rows, EpochRow::valAccuracy),
                series("test", rows, EpochRow::testAccuracy));
        XYPlot lr = panel("Learning rate", false, series("learning rate", rows, EpochRow::lr));
        // from zero: a one-epoch run's single rate otherwise gets an axis of 2.42001E-4 .. 2.42008E-4
        ((NumberAxis) lr.getRangeAxis()).setAutoRangeIncludesZero(true);
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
        writeChart(chart, 1000, 1100, png);
    }

    /** Colours the heat map: 0 white, (0, 1] white to dark green, [-1, 0) white to dark red. */
    private static final class HeatScale implements PaintScale, Serializable {
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
            double level = Double.isNaN(z) ? 0 : Math.min(1, Math.abs(z));
            Color to = z > 0 ? new Color(0, 100, 0) : new Color(190, 0, 0);
            return new Color(mix(to.getRed(), level), mix(to.getGreen(), level),
                    mix(to.getBlue(), level));
        }

        /** From white (t = 0) to {@code to} (t = 1). */
        private static int mix(int to, double t) {
            return (int) Math.round(255 + (to - 255) * t);
        }
    }

    private static SymbolAxis digitAxis(String label) {
        SymbolAxis axis = fonts(new SymbolAxis(label, DIGITS));
        axis.setGridBandsVisible(false);
        axis.setRange(-0.5, 9.5);
        return axis;
    }

    /** One panel of the training curves; series without values are left out. */
    private static XYPlot panel(String label, boolean inLegend, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (XYSeries s : series) {
            if (s.getItemCount() == 0) {
                continue;
            }
            int i = data.getSeriesCount();
            data.addSeries(s);
            renderer.setSeriesPaint(i, LINE_COLOURS.get((String) s.getKey()));
            renderer.setSeriesStroke(i, new BasicStroke(2.5f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }
        renderer.setDefaultSeriesVisibleInLegend(inLegend);
        NumberAxis axis = fonts(new NumberAxis(label));
        axis.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID_LINES);
        plot.setRangeGridlinePaint(GRID_LINES);
        plot.setNoDataMessage("no values");
        return plot;
    }

    /** The finite values of one column, by epoch; {@code name} picks the colour. */
    private static XYSeries series(String name, List<EpochRow> rows,
            ToDoubleFunction<EpochRow> value) {
        XYSeries s = new XYSeries(name, true, true);
        for (EpochRow row : rows) {
            double v = value.applyAsDouble(row);
            if (Double.isFinite(v)) {
                s.add(row.epoch(), v);
            }
        }
        return s;
    }

    /** "final test accuracy 99.40% (epoch 15), best 99.45% (epoch 12)", or "" without any. */
    private static String summary(List<EpochRow> rows) {
        List<EpochRow> tested = rows.stream().filter(r -> Double.isFinite(r.testAccuracy()))
                .toList();
        if (tested.isEmpty()) {
            return "";
        }
        EpochRow last = tested.get(tested.size() - 1);
        EpochRow best = Collections.max(tested, Comparator.comparingDouble(EpochRow::testAccuracy));
        return String.format(Locale.ROOT,
                "final test accuracy %.2f%% (epoch %d), best %.2f%% (epoch %d)",
                last.testAccuracy(), last.epoch(), best.testAccuracy(), best.epoch());
    }

    /** The project's axis fonts on {@code axis}. */
    public static <A extends org.jfree.chart.axis.Axis> A fonts(A axis) {
        axis.setLabelFont(AXIS_LABEL);
        axis.setTickLabelFont(TICKS);
        return axis;
    }

    public static TextTitle subtitle(String text) {
        TextTitle t = new TextTitle(text, SUBTITLE);
        t.setPaint(new Color(80, 80, 80));
        t.setPadding(new RectangleInsets(4, 4, 8, 4));
        return t;
    }

    /** Writes {@code chart} as a PNG, whole or not at all, with the project's background and padding. */
    public static void writeChart(JFreeChart chart, int width, int height, Path png)
            throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        AtomicWrite.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }

    private static double luminance(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    }
}
