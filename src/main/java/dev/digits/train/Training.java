package dev.digits.train;

import dev.digits.data.Augmenter;
import dev.digits.data.Batch;
import dev.digits.data.BatchLoader;
import dev.digits.data.Mnist;
import dev.digits.eval.EpochRow;
import dev.digits.eval.Evaluation;
import dev.digits.infer.DigitClassifier;
import dev.digits.model.Checkpoint;
import dev.digits.model.ModelInfo;
import dev.digits.model.Precision;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Trains one model by a {@link Recipe}, writing weights, metrics and configuration into a run folder. */
public final class Training {

    /** Test accuracies whose first crossing is timed in the summary. */
    public static final double[] THRESHOLDS = {98.0, 99.0, 99.14, 99.5};

    private final Recipe recipe;
    private final Path runDir;
    private final PrintStream out;
    private final boolean terminal;

    public Training(Recipe recipe, Path runDir, PrintStream out, boolean terminal) {
        this.recipe = recipe;
        this.runDir = runDir;
        this.out = out;
        this.terminal = terminal;
    }

    /** What a finished run reports. */
    public record Result(List<EpochRow> history, Evaluation finalTest, Mnist test, double trainSeconds,
                         Map<String, Double> secondsToThreshold, String stopReason, ModelInfo info) {}

    public Result run() throws IOException {
        Mnist all = Mnist.load(recipe.data(), Mnist.Split.TRAIN).head(recipe.limit());
        Mnist test = Mnist.load(recipe.data(), Mnist.Split.TEST);
        Mnist train = all;
        Mnist validation = null;
        if (recipe.validation() > 0 && all.size() > recipe.validation()) {
            int[] order = BatchLoader.permutation(all.size(), new Random(recipe.seed()));
            int cut = all.size() - recipe.validation();
            train = all.subset(java.util.Arrays.copyOfRange(order, 0, cut));
            validation = all.subset(java.util.Arrays.copyOfRange(order, cut, order.length));
        }
        boolean onTest = recipe.earlyStopOn().equals("test") || validation == null;
        if (recipe.hasTarget() && recipe.earlyStopOn().equals("test")) {
            out.println("note: stopping on TEST accuracy as the report does; this lets the test set choose the model,"
                    + " so the final test accuracy is optimistic");
        }

        Checkpoint.writeString(runDir.resolve("config.json"), Checkpoint.GSON.toJson(recipe.toMap()));

        Schedule schedule = recipe.lrSchedule();
        try (Learner learner = new Learner(recipe.architecture(), recipe.precision(), recipe.weightDecay(), recipe.batchSize(), recipe.seed());
             DigitClassifier classifier = DigitClassifier.of(learner.model(), null)) {
            long params = learner.parameters();
            ModelInfo info = new ModelInfo(recipe.architecture(), Mnist.MEAN, Mnist.STD, recipe.toMap(),
                    Map.of(), Instant.now().toString(), params);
            out.printf("training %s, %,d parameters, on %,d images (validation %,d, test %,d), %d engine threads%s%n",
                    recipe.architecture(), params, train.size(), validation == null ? 0 : validation.size(),
                    test.size(), threads(), recipe.precision() == Precision.BF16 ? ", convolutions in bf16" : "");

            Augmenter augmenter = recipe.augment() ? new Augmenter(recipe.rotation(), recipe.shift()) : Augmenter.none();
            BatchLoader loader = new BatchLoader(train, recipe.batchSize(), augmenter, recipe.seed());
            int steps = loader.batchesPerEpoch();
            List<EpochRow> history = new ArrayList<>();
            Map<String, Double> toThreshold = new LinkedHashMap<>();
            double trainSeconds = 0;
            double bestSelection = -1;
            String stopReason = "ran all " + recipe.epochs() + " epochs";
            Evaluation lastTest = null;
            long wallStart = System.nanoTime();
            for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                ProgressBar bar = new ProgressBar(out, terminal, String.format("epoch %2d/%d", epoch, recipe.epochs()), steps);
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                double lr = 0;
                Iterator<Batch> batches = loader.epoch(epoch);
                for (int step = 0; batches.hasNext(); step++) {
                    Batch batch = batches.next();
                    lr = schedule.lr(epoch, step, steps);
                    float[] lossAndCorrect = learner.step(batch, lr, recipe.labelSmoothing());
                    lossSum += lossAndCorrect[0] * batch.size();
                    correct += (long) lossAndCorrect[1];
                    seen += batch.size();
                    bar.update(step + 1, lossSum / seen, 100.0 * correct / seen);
                }
                double epochTrainSeconds = (System.nanoTime() - epochStart) / 1e9;
                trainSeconds += epochTrainSeconds;

                Evaluation val = validation == null ? null : Evaluation.of(classifier, validation);
                Evaluation tst = Evaluation.of(classifier, test);
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                EpochRow row = new EpochRow(epoch, lossSum / seen, 100.0 * correct / seen,
                        val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
                        tst.loss(), tst.accuracy(), lr, seconds, (System.nanoTime() - wallStart) / 1e9);
                history.add(row);
                lastTest = tst;
                out.println(describe(row));
                for (double t : THRESHOLDS) {
                    String key = String.valueOf(t);
                    if (tst.accuracy() >= t && !toThreshold.containsKey(key)) toThreshold.put(key, trainSeconds);
                }

                double selection = onTest ? tst.accuracy() : val.accuracy();
                ModelInfo epochInfo = info.withMetrics(metrics(row, epoch, trainSeconds, toThreshold));
                if (selection > bestSelection) {
                    bestSelection = selection;
                    Checkpoint.saveWeights(learner.model().getBlock(), runDir, Checkpoint.BEST);
                }
                Checkpoint.saveWeights(learner.model().getBlock(), runDir, Checkpoint.FINAL);
                Checkpoint.saveInfo(epochInfo, runDir);
                writeMetrics(history);
                info = epochInfo;
                if (recipe.hasTarget() && selection >= recipe.target()) {
                    stopReason = String.format("reached the target %.2f%% %s accuracy at epoch %d",
                            recipe.target(), onTest ? "test" : "validation", epoch);
                    break;
                }
            }
            out.println(stopReason);
            return new Result(history, lastTest, test, trainSeconds, toThreshold, stopReason, info);
        }
    }

    /** The engine's intra-op threads. */
    static int threads() {
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    static String describe(EpochRow r) {
        String val = Double.isNaN(r.valAccuracy()) ? "" : String.format("  val loss %.4f acc %.2f%%", r.valLoss(), r.valAccuracy());
        return String.format("epoch %d: train loss %.4f acc %.2f%%%s  test loss %.4f acc %.2f%%  lr %.2e  %.1fs",
                r.epoch(), r.trainLoss(), r.trainAccuracy(), val, r.testLoss(), r.testAccuracy(), r.lr(), r.seconds());
    }

    private static Map<String, Object> metrics(EpochRow row, int epoch, double trainSeconds, Map<String, Double> toThreshold) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs_completed", epoch);
        m.put("test_accuracy", row.testAccuracy());
        m.put("test_loss", row.testLoss());
        if (!Double.isNaN(row.valAccuracy())) m.put("validation_accuracy", row.valAccuracy());
        m.put("train_seconds", trainSeconds);
        m.put("seconds_to_test_accuracy", new LinkedHashMap<>(toThreshold));
        return m;
    }

    private void writeMetrics(List<EpochRow> history) throws IOException {
        StringBuilder csv = new StringBuilder(EpochRow.csvHeader()).append('\n');
        for (EpochRow r : history) csv.append(r.toCsv()).append('\n');
        Checkpoint.writeString(runDir.resolve("metrics.csv"), csv.toString());
    }
}
