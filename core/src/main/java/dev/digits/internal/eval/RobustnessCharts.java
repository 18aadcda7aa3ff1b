package dev.digits.internal.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The charts of the robustness and calibration sections, in the style of {@link Charts} (its
 * fonts, white background, atomic PNG files, headless): accuracy on each shifted test set as
 * horizontal bars, and the reliability diagram of the clean test set.
 */
public final class RobustnessCharts {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final Color CLEAN = new Color(44, 160, 44);
    private static final Color SHIFTED = new Color(31, 119, 180);
    /** Opaque (a see-through red turned dark over the blue bars, a colour the legend did not show), and narrower than the bars. */
    private static final Color GAP = new Color(231, 128, 129);
    private static final Color COUNTS = new Color(127, 127, 127);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private RobustnessCharts() {}

    /**
     * Accuracy on the clean test images (green, the top bar) and on each shifted copy (blue), as
     * horizontal bars from 0 to 100%, each labelled with its accuracy; a dashed line marks the
     * clean accuracy.
     *
     * @param robustness the rows
     * @param png the file to write, 1000 pixels wide, 160 + 46 per row high
     * @throws IOException if the file cannot be written
     */
    public static void robustness(Robustness robustness, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Robustness.Row r : robustness.rows()) {
            data.addValue(r.accuracy(), "accuracy", r.label());
        }
        CategoryAxis sets = new CategoryAxis(null);
        sets.setTickLabelFont(Charts.TICKS);
        sets.setCategoryMargin(0.25);
        sets.setLowerMargin(0.02);
        sets.setUpperMargin(0.02);
        sets.setMaximumCategoryLabelWidthRatio(0.4f);
        NumberAxis accuracy = Charts.fonts(new NumberAxis("Accuracy (%)"));
        accuracy.setRange(0, 100);
        accuracy.setTickUnit(new NumberTickUnit(10));

        BarRenderer renderer = new CleanFirst();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setDefaultSeriesVisibleInLegend(false);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                percent()));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(LABEL);
        renderer.setDefaultItemLabelPaint(Color.WHITE);
        renderer.setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.INSIDE3, TextAnchor.CENTER_RIGHT));
        renderer.setPositiveItemLabelPositionFallback(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));

        CategoryPlot plot = new CategoryPlot(data, sets, accuracy, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Charts.GRID_LINES);
        plot.setOutlinePaint(Color.GRAY);
        plot.addRangeMarker(new ValueMarker(robustness.clean().accuracy(), CLEAN,
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                        new float[] {6, 4}, 0)));

        JFreeChart chart = new JFreeChart("Robustness: accuracy on shifted test images",
                Charts.TITLE, plot, false);
        chart.addSubtitle(Charts.subtitle(robustness.description()
                + "   green, dashed: clean accuracy"));
        Charts.writeChart(chart, 1000, 160 + 46 * robustness.rows().size(), png);
    }

    /**
     * The reliability diagram: above, each confidence bin's accuracy (blue bars) against the
     * diagonal of perfect calibration (dashed), the gap between its accuracy and its mean
     * confidence in translucent red over it; below, the
     * images in each bin on a log scale, with their number written on each bar.
     *
     * @param calibration the bins
     * @param png the file to write, 1000x900 pixels
     * @throws IOException if the file cannot be written
     */
    public static void reliability(Calibration calibration, Path png) throws IOException {
        XYIntervalSeries accuracy = new XYIntervalSeries("accuracy (the height of the bar)");
        XYIntervalSeries gap = new XYIntervalSeries("gap between accuracy and mean confidence");
        XYIntervalSeries counts = new XYIntervalSeries("images");
        int most = 1;
        for (Calibration.Bin b : calibration.bins()) {
            if (b.count() == 0) {
                continue;
            }
            double mid = (b.lower() + b.upper()) / 2;
            accuracy.add(mid, b.lower(), b.upper(), b.accuracy(), 0, b.accuracy());
            // half a bin wide, in its middle: the accuracy bar shows its whole height on both sides
            double quarter = (b.upper() - b.lower()) / 4;
            gap.add(mid, mid - quarter, mid + quarter, b.confidence(),
                    Math.min(b.accuracy(), b.confidence()), Math.max(b.accuracy(), b.confidence()));
            counts.add(mid, b.lower(), b.upper(), b.count(), 0.7, b.count());
            most = Math.max(most, b.count());
        }
        XYIntervalSeriesCollection top = new XYIntervalSeriesCollection();
        top.addSeries(accuracy);
        top.addSeries(gap);
        XYIntervalSeriesCollection bottom = new XYIntervalSeriesCollection();
        bottom.addSeries(counts);

        NumberAxis confidence = Charts.fonts(new NumberAxis("Confidence (%)"));
        confidence.setRange(0, 100);
        confidence.setTickUnit(new NumberTickUnit(10));
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(confidence);
        combined.setGap(16);

        NumberAxis accuracyAxis = Charts.fonts(new NumberAxis("Accuracy (%)"));
        accuracyAxis.setRange(0, 100);
        accuracyAxis.setTickUnit(new NumberTickUnit(10));
        XYPlot reliability = panel(top, accuracyAxis, SHIFTED, GAP);
        reliability.addAnnotation(new XYLineAnnotation(0, 0, 100, 100, new BasicStroke(1.5f,
                BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0),
                Color.DARK_GRAY));
        reliability.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD); // the gap on top

        LogAxis countAxis = Charts.fonts(new LogAxis("Images (log scale)"));
        countAxis.setRange(0.7, Math.max(10, most * 4.0));
        countAxis.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        XYPlot histogram = panel(bottom, countAxis, COUNTS);
        for (Calibration.Bin b : calibration.bins()) {
            if (b.count() > 0) {
                XYTextAnnotation n = new XYTextAnnotation(Integer.toString(b.count()),
                        (b.lower() + b.upper()) / 2, b.count() * 1.15);
                n.setFont(LABEL);
                n.setTextAnchor(TextAnchor.BOTTOM_CENTER);
                histogram.addAnnotation(n);
            }
        }
        combined.add(reliability, 3);
        combined.add(histogram, 1);

        String ece = Double.isNaN(calibration.ece()) ? "n/a"
                : String.format(Locale.ROOT, "%.2f%%", calibration.ece());
        JFreeChart chart = new JFreeChart("Reliability diagram (ECE " + ece + ")", Charts.TITLE,
                combined, false);
        LegendTitle legend = new LegendTitle(reliability);
        legend.setItemFont(Charts.SUBTITLE);
        legend.setPosition(RectangleEdge.TOP);
        chart.addSubtitle(legend);
        chart.addSubtitle(Charts.subtitle(String.format(Locale.ROOT,
                "%d clean test images in %d equal-width confidence bins; confidence: the "
                        + "probability of the answered digit; dashed: perfect calibration",
                calibration.total(), calibration.bins().size())));
        Charts.writeChart(chart, 1000, 900, png);
    }

    /** One panel of interval bars, one colour per series. */
    private static XYPlot panel(XYIntervalSeriesCollection data,
            ValueAxis range, Paint... colours) {
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setUseYInterval(true);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(true);
        renderer.setDefaultOutlinePaint(Color.WHITE);
        for (int i = 0; i < colours.length; i++) {
            renderer.setSeriesPaint(i, colours[i]);
        }
        XYPlot plot = new XYPlot(data, null, range, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Charts.GRID_LINES);
        plot.setRangeGridlinePaint(Charts.GRID_LINES);
        plot.setOutlinePaint(Color.GRAY);
        plot.setNoDataMessage("no images");
        return plot;
    }

    /** "99.19%": the value is a percentage already. */
    private static NumberFormat percent() {
        return new DecimalFormat("0.00'%'", DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    /** Bars in blue, but the first (the clean images) in green. */
    private static final class CleanFirst extends BarRenderer {
        private static final long serialVersionUID = 1L;

        @Override
        public Paint getItemPaint(int row, int column) {
            return column == 0 ? CLEAN : SHIFTED;
        }
    }
}
