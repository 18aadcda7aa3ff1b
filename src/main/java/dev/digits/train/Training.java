package dev.digits.train;

import dev.digits.data.Batch;
import dev.digits.data.BatchLoader;
import dev.digits.data.Mnist;
import dev.digits.eval.Evaluation;
import dev.digits.infer.DigitClassifier;
import dev.digits.model.InputContract;
import dev.digits.model.Precision;
import dev.digits.run.Checkpoint;
import dev.digits.run.EpochRow;
import dev.digits.run.Metrics;
import dev.digits.run.ModelInfo;
import dev.digits.run.RunFolder;
import dev.digits.run.Weights;
import dev.digits.train.Recipe.Stopping;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Trains one model by a {@link Recipe}; after every epoch the run folder holds that epoch whole. */
public final class Training {

    private final Recipe recipe;
    private final RunFolder run;
    private final PrintStream out;
    private final boolean terminal;
    private final String command;

    public Training(Recipe recipe, RunFolder run, PrintStream out, boolean terminal) {
        this(recipe, run, out, terminal, null);
    }

    /** @param command the command line that started the run, recorded in model.json (may be null) */
    public Training(Recipe recipe, RunFolder run, PrintStream out, boolean terminal, String command) {
        this.recipe = recipe;
        this.run = run;
        this.out = out;
        this.terminal = terminal;
        this.command = command;
    }

    /** What a finished run reports. */
    public record Result(List<EpochRow> history, Evaluation finalTest, Mnist test, double trainSeconds,
                         Map<String, Double> secondsToThreshold, String stopReason, ModelInfo info) {}

    public Result run() throws IOException {
        Recipe.Data data = recipe.data();
        Mnist.Holdout split = Mnist.load(data.dir(), Mnist.Split.TRAIN).head(data.limit()).holdOut(data.validation(), recipe.seed());
        Mnist test = Mnist.load(data.dir(), Mnist.Split.TEST);
        Stopping stopping = recipe.stopping();
        boolean onTest = stopping.on() == Stopping.On.TEST || split.validation() == null;
        if (stopping.hasTarget() && stopping.on() == Stopping.On.TEST) {
            out.println("note: stopping on TEST accuracy as the report does; this lets the test set choose the model,"
                    + " so the final test accuracy is optimistic");
        }
        run.writeConfig(recipe.toMap());
        InputContract input = InputContract.MNIST;
        Schedule schedule = recipe.schedule();
        try (Learner learner = new Learner(recipe.architecture(), recipe.precision(), recipe.optimiser().weightDecay(),
                recipe.batchSize(), recipe.seed());
             DigitClassifier classifier = DigitClassifier.of(learner.model(), input)) {
            ModelInfo info = new ModelInfo(recipe.architecture(), input.mean(), input.std(), recipe.toMap(),
                    null, Instant.now().toString(), learner.parameters(), command);
            out.printf("training %s, %,d parameters, on %,d images (validation %,d, test %,d), %d engine threads%s%n",
                    recipe.architecture(), learner.parameters(), split.train().size(),
                    split.validation() == null ? 0 : split.validation().size(), test.size(), threads(),
                    recipe.precision() == Precision.BF16 ? ", convolutions in bf16" : "");

            BatchLoader loader = new BatchLoader(split.train(), recipe.batchSize(), recipe.augmentation().augmenter(input), recipe.seed());
            int steps = loader.batchesPerEpoch();
            List<EpochRow> history = new ArrayList<>();
            Milestones milestones = new Milestones();
            double trainSeconds = 0;
            double bestSelection = -1;
            String stopReason = "ran all " + stopping.epochs() + " epochs";
            Evaluation lastTest = null;
            long wallStart = System.nanoTime();
            for (int epoch = 1; epoch <= stopping.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                ProgressBar bar = new ProgressBar(out, terminal, String.format("epoch %2d/%d", epoch, stopping.epochs()), steps);
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                double lr = 0;
                learner.startEpoch(epoch);
                Iterator<Batch> batches = loader.epoch(epoch);
                for (int step = 0; batches.hasNext(); step++) {
                    Batch batch = batches.next();
                    lr = schedule.lr(epoch, step, steps);
                    float[] lossAndCorrect = learner.step(batch, lr, recipe.optimiser().labelSmoothing());
                    lossSum += lossAndCorrect[0] * batch.size();
                    correct += (long) lossAndCorrect[1];
                    seen += batch.size();
                    bar.update(step + 1, lossSum / seen, 100.0 * correct / seen);
                }
                trainSeconds += (System.nanoTime() - epochStart) / 1e9;

                Evaluation val = split.validation() == null ? null : Evaluation.of(classifier, split.validation());
                Evaluation tst = Evaluation.of(classifier, test);
                EpochRow row = new EpochRow(epoch, lossSum / seen, 100.0 * correct / seen,
                        val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
                        tst.loss(), tst.accuracy(), lr, (System.nanoTime() - epochStart) / 1e9, (System.nanoTime() - wallStart) / 1e9);
                history.add(row);
                lastTest = tst;
                out.println(describe(row));
                milestones.update(tst.accuracy(), trainSeconds);

                double selection = onTest ? tst.accuracy() : val.accuracy();
                info = info.withMetrics(Metrics.after(row, trainSeconds, milestones.reached()));
                save(learner, info, history, selection > bestSelection);
                bestSelection = Math.max(bestSelection, selection);
                if (stopping.hasTarget() && selection >= stopping.target()) {
                    stopReason = String.format("reached the target %.2f%% %s accuracy at epoch %d",
                            stopping.target(), onTest ? "test" : "validation", epoch);
                    break;
                }
            }
            out.println(stopReason);
            return new Result(history, lastTest, test, trainSeconds, milestones.reached(), stopReason, info);
        }
    }

    /** The epoch's files, each renamed into place whole: best weights first, model.json last. */
    private void save(Learner learner, ModelInfo info, List<EpochRow> history, boolean best) throws IOException {
        if (best) Checkpoint.saveWeights(learner.model().getBlock(), run, Weights.BEST);
        Checkpoint.saveWeights(learner.model().getBlock(), run, Weights.MODEL);
        run.writeInfo(info);
        run.writeMetrics(history);
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
}
