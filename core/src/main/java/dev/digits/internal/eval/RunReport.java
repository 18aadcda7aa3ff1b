package dev.digits.internal.eval;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.run.EpochRow;
import dev.digits.internal.run.ModelInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation of a run on the test set, as text and as files: the confusion matrix, test digits
 * with predictions, every mistake, the training curves, the calibration (ECE, reliability diagram),
 * accuracy on shifted test sets when measured, and a report in HTML and Markdown. Both
 * {@code mnist eval} and the end of {@code mnist train} write it.
 */
public final class RunReport {

    /** How many test digits the predictions picture shows. */
    static final int SHOWN = 48;

    private RunReport() {}

    /**
     * Prints the evaluation to {@code out} and writes the pictures and reports into {@code outDir}.
     *
     * @param runDir the run folder, for its metrics.csv (training curves); may be null
     */
    public static void write(Evaluation e, Mnist test, ModelInfo info, Path runDir, Path outDir, PrintStream out)
            throws IOException {
        write(e, test, null, List.of(), null, info, runDir, outDir, out);
    }

    /**
     * Prints the evaluation to {@code out}, with a line per set by other writers after the test
     * accuracy, and writes the pictures and reports into {@code outDir}.
     *
     * @param testSet what the test set is, for the report's configuration ("MNIST test, data/mnist");
     *     null to leave it out
     * @param others the same model on other writers' digits (USPS): printed and in the report's
     *     "Other writers" section; empty for none
     * @param robustness from {@link Robustness#measure}: printed, drawn and reported; null when not measured
     * @param runDir the run folder, for its metrics.csv (training curves); may be null
     */
    public static void write(Evaluation e, Mnist test, String testSet, List<OtherSet> others, Robustness robustness,
            ModelInfo info, Path runDir, Path outDir, PrintStream out) throws IOException {
        ConfusionMatrix matrix = new ConfusionMatrix();
        for (int i = 0; i < e.size(); i++) matrix.add(test.label(i), e.predicted()[i]);

        out.printf("test loss %.4f, test accuracy %.2f%% (%d/%d)%n", e.loss(), e.accuracy(), e.correct(), e.size());
        for (OtherSet o : others) out.println(o.line());
        out.println();
        out.println("digit  precision  recall     f1  support");
        for (ClassMetrics c : matrix.perClass()) {
            out.printf("%5d  %9.4f  %6.4f  %5.4f  %7d%n", c.digit(), c.precision(), c.recall(), c.f1(), c.support());
        }
        out.println();
        out.println("confusion matrix (rows: true digit, columns: predicted digit)");
        out.println(matrix.toTable());
        out.println("most confused (true -> predicted: count)");
        for (ConfusedPair p : matrix.mostConfused(10)) {
            out.printf("  %d -> %d: %d%n", p.truth(), p.predicted(), p.count());
        }
        Calibration calibration = Calibration.of(e);
        out.println();
        out.println(calibration.summary());
        if (robustness != null) {
            out.println();
            out.println("robustness: accuracy on shifted copies of the test set (" + robustness.description() + ")");
            out.print(robustness.table());
        }

        Files.createDirectories(outDir);
        Map<String, Path> pictures = new LinkedHashMap<>();
        Path metrics = runDir == null ? null : runDir.resolve("metrics.csv");
        if (metrics != null && Files.isRegularFile(metrics)) {
            Path curves = outDir.resolve("training_curves.png");
            Charts.trainingCurves(EpochRow.readCsv(metrics), curves);
            pictures.put(Report.TRAINING_CURVES, curves);
        }
        Path cm = outDir.resolve("confusion_matrix.png");
        Charts.confusionMatrix(matrix, cm);
        pictures.put(Report.CONFUSION_MATRIX, cm);

        int shown = Math.min(SHOWN, e.size());
        byte[][] images = new byte[shown][];
        int[] truth = new int[shown];
        int[] predicted = new int[shown];
        for (int i = 0; i < shown; i++) {
            images[i] = test.image(i);
            truth[i] = test.label(i);
            predicted[i] = e.predicted()[i];
        }
        Path predictions = outDir.resolve("predictions.png");
        DigitGrid.predictions(images, truth, predicted, predictions);
        pictures.put(Report.PREDICTIONS, predictions);

        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < e.size(); i++) if (e.predicted()[i] != test.label(i)) wrong.add(i);
        wrong.sort(Comparator.comparingDouble((Integer i) -> -e.confidence()[i]).thenComparingInt(i -> i));
        byte[][] wrongImages = new byte[wrong.size()][];
        int[] wrongTruth = new int[wrong.size()];
        int[] wrongPredicted = new int[wrong.size()];
        float[] wrongConfidence = new float[wrong.size()];
        for (int k = 0; k < wrong.size(); k++) {
            int i = wrong.get(k);
            wrongImages[k] = test.image(i);
            wrongTruth[k] = test.label(i);
            wrongPredicted[k] = e.predicted()[i];
            wrongConfidence[k] = e.confidence()[i];
        }
        Path mistakes = outDir.resolve("misclassified.png");
        DigitGrid.misclassified(wrongImages, wrongTruth, wrongPredicted, wrongConfidence, mistakes);
        pictures.put(Report.MISTAKES, mistakes);
        if (robustness != null) {
            Path bars = outDir.resolve("robustness.png");
            RobustnessCharts.robustness(robustness, bars);
            pictures.put(Report.ROBUSTNESS, bars);
        }
        Path reliability = outDir.resolve("reliability.png");
        RobustnessCharts.reliability(calibration, reliability);
        pictures.put(Report.RELIABILITY, reliability);

        Map<String, Object> config = new LinkedHashMap<>();
        if (testSet != null) config.put("test set", testSet);
        config.put("architecture", info.architecture().toString());
        config.put("parameters", info.parameters());
        config.put("trained", info.created());
        if (info.temperature() != null) {
            config.put("temperature", String.format(java.util.Locale.ROOT, "%.3f (fitted on the validation split)", info.temperature()));
        }
        if (info.config() != null) config.putAll(info.config());
        String title = "MNIST ResNet: " + (runDir != null ? runDir.getFileName() : info.architecture().name());
        Report.write(new Report.Content(title, config, e.loss(), matrix, pictures, others, robustness, calibration), outDir);
        out.println();
        out.println("wrote " + outDir.resolve(Report.HTML_FILE) + ", " + Report.MARKDOWN_FILE + " and "
                + pictures.size() + " pictures (" + String.join(", ",
                pictures.values().stream().map(p -> p.getFileName().toString()).toList()) + ")");
    }
}
