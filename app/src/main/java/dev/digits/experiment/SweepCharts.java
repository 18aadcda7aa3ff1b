package dev.digits.experiment;

import dev.digits.internal.eval.Charts;
import dev.digits.internal.run.EpochRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A sweep's pictures, drawn with JFreeChart as the run reports' are ({@link Charts}). */
public final class SweepCharts {

    private SweepCharts() {}

    /** Final test and best validation accuracy of each variant: bars at the mean, error bars of one standard deviation. */
    public static void accuracy(Plan plan, List<RunResult> results, Path png) throws IOException {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (Variant v : plan.variants()) {
            add(data, results, v.name(), "final test", RunResult::finalTest);
            add(data, results, v.name(), "best validation", RunResult::bestValidation);
        }
        CategoryAxis variants = Charts.fonts(new CategoryAxis("Variant"));
        variants.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis accuracy = Charts.fonts(new NumberAxis("Accuracy (%), mean and standard deviation over seeds"));
        accuracy.setAutoRangeIncludesZero(false);
        StatisticalBarRenderer bars = new StatisticalBarRenderer();
        bars.setErrorIndicatorPaint(Color.BLACK);
        bars.setSeriesPaint(0, Charts.PALETTE.get(0));
        bars.setSeriesPaint(1, Charts.PALETTE.get(1));
        bars.setDrawBarOutline(false);
        bars.setIncludeBaseInRange(false); // accuracies near 99%: the axis spans the bars' tops, not 0 to 100
        bars.setShadowVisible(false);
        bars.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        CategoryPlot plot = new CategoryPlot(data, variants, accuracy, bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(plan.experiment() + ": accuracy by variant", Charts.TITLE, plot, true);
        chart.addSubtitle(Charts.subtitle(seedsNote(results)));
        Charts.writeChart(chart, Math.max(900, 110 * plan.variants().size()), 700, png);
    }

    private static void add(DefaultStatisticalCategoryDataset data, List<RunResult> results, String variant, String series,
                            ToDoubleFunction<RunResult> value) {
        double[] v = Summary.values(results, variant, value);
        if (v.length == 0) return;
        DescriptiveStatistics s = new DescriptiveStatistics(v);
        data.add(s.getMean(), v.length > 1 ? s.getStandardDeviation() : 0, series, variant);
    }

    /** Each variant's validation accuracy by epoch, the mean over its seeds, one line per variant. */
    public static void validationCurves(Plan plan, List<RunResult> results, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Variant v : plan.variants()) {
            List<RunResult> runs = results.stream().filter(r -> r.variant().equals(v.name())).toList();
            int epochs = runs.stream().mapToInt(r -> r.history().size()).max().orElse(0);
            XYSeries s = new XYSeries(v.name(), true, true);
            for (int e = 0; e < epochs; e++) {
                int epoch = e;
                double mean = runs.stream().filter(r -> r.history().size() > epoch).map(r -> r.history().get(epoch))
                        .mapToDouble(EpochRow::valAccuracy).filter(Double::isFinite).average().orElse(Double.NaN);
                if (Double.isFinite(mean)) s.add(e + 1, mean);
            }
            if (s.getItemCount() > 0) data.addSeries(s);
        }
        NumberAxis epochs = Charts.fonts(new NumberAxis("Epoch"));
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis accuracy = Charts.fonts(new NumberAxis("Validation accuracy (%), mean over seeds"));
        accuracy.setAutoRangeIncludesZero(false);
        writeLines(plan.experiment() + ": validation accuracy by epoch", data, epochs, accuracy, seedsNote(results), png);
    }

    /**
     * The mean gradient norm of each convolution over the recorded first steps, input side to the
     * left, for the runs that recorded them (the deepest plain and residual networks of {@code depth}).
     */
    public static void gradientNorms(List<String> names, List<Path> csvs, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        int steps = 0;
        for (int i = 0; i < names.size(); i++) {
            List<String> lines = Files.readAllLines(csvs.get(i));
            steps = Math.max(steps, lines.size() - 1);
            int layers = lines.get(0).split(",").length - 1;
            double[] sum = new double[layers];
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                for (int l = 0; l < layers; l++) sum[l] += Double.parseDouble(f[l + 1]);
            }
            XYSeries s = new XYSeries(names.get(i), true, true);
            for (int l = 0; l < layers; l++) if (sum[l] > 0) s.add(l + 1, sum[l] / (lines.size() - 1));
            data.addSeries(s);
        }
        NumberAxis layer = Charts.fonts(new NumberAxis("Convolution, from the input (1) to the output"));
        layer.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        LogAxis norm = Charts.fonts(new LogAxis("Weight gradient L2 norm, mean over steps (log)"));
        norm.setSmallestValue(1e-12);
        writeLines("Gradient norms per layer", data, layer, norm,
                String.format(Locale.ROOT, "mean over the first %d training steps of the first seed", steps), png);
    }

    private static void writeLines(String title, XYSeriesCollection data, ValueAxis x, ValueAxis y, String note, Path png)
            throws IOException {
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            lines.setSeriesStroke(i, new BasicStroke(2.5f));
            lines.setSeriesPaint(i, Charts.PALETTE.get(i % Charts.PALETTE.size()));
        }
        XYPlot plot = new XYPlot(data, x, y, lines);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setNoDataMessage("no values");
        JFreeChart chart = new JFreeChart(title, Charts.TITLE, plot, true);
        chart.addSubtitle(Charts.subtitle(note));
        Charts.writeChart(chart, 1000, 700, png);
    }

    private static String seedsNote(List<RunResult> results) {
        long seeds = results.stream().mapToLong(RunResult::seed).distinct().count();
        return results.size() + " runs, " + seeds + (seeds == 1 ? " seed" : " seeds") + " per variant";
    }
}
