package dev.digits.internal.train;

import dev.digits.internal.data.Batch;
import dev.digits.internal.data.BatchLoader;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.eval.Dataset;
import dev.digits.internal.eval.Evaluation;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.model.Precision;
import dev.digits.internal.numbers.ReaderPieces;
import dev.digits.internal.run.Checkpoint;
import dev.digits.internal.run.EpochRow;
import dev.digits.internal.run.Metrics;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.ResumeState;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import dev.digits.internal.train.Recipe.Stopping;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Trains one model by a {@link Recipe}; after every epoch the run folder holds that epoch whole. */
public final class Training {

    private final Recipe recipe;
    private final RunFolder run;
    private final PrintStream out;
    private final boolean terminal;
    private final String command;
    private GradientNorms gradients;
    private java.util.function.IntFunction<String> farewell = this::resumeAdvice;
    /** Flags of the command line that {@code --resume} needs again (" --no-usps"), for the advice it prints. */
    private String resumeFlags = "";

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

    /** Records the convolutions' gradient norms of the first steps into {@code norms} (for experiments). */
    public Training recordGradients(GradientNorms norms) {
        this.gradients = norms;
        return this;
    }

    /**
     * What a finished run reports.
     *
     * @param validation the digits held out for validation (null when there were none): what the
     *     run is calibrated on at its end
     */
    public record Result(List<EpochRow> history, Evaluation finalTest, Mnist test, Mnist validation, double trainSeconds,
                         Map<String, Double> secondsToThreshold, String stopReason, ModelInfo info) {}

    /** A new run: every epoch of the recipe. */
    public Result run() throws IOException {
        return run(null);
    }

    /**
     * Trains the epochs after {@code from} (null: a new run), restoring there everything the
     * numbers depend on (weights, AdamW's moments and step counts, the best accuracy so far,
     * metrics), so that the run ends with the weights, bit for bit, of one never stopped. The
     * schedule, the batches (their order and augmentation) and the dropout masks of an epoch are
     * functions of the seed and the epoch alone.
     */
    public Result run(ResumePoint from) throws IOException {
        if (from != null && from.complete() != null) throw new IllegalStateException(run + " is complete: " + from.complete());
        Recipe.Data data = recipe.data();
        Mnist.Holdout split = split(recipe);
        Mnist trainOn = split.train();
        for (Dataset extra : data.extra()) trainOn = trainOn.plus(extra.load(Mnist.Split.TRAIN));
        if (data.numbers() > 0) trainOn = trainOn.plus(writtenNumbers(split.train(), data.numbers()));
        Mnist test = Mnist.load(data.dir(), Mnist.Split.TEST);
        Stopping stopping = recipe.stopping();
        if (data.validation() > 0 && split.validation() == null) {
            out.println("note: the data holds " + split.train().size() + " training images, not more than the "
                    + data.validation() + " to hold out for validation; there is no validation split, so the test set"
                    + " chooses the best epoch and the final test accuracy is optimistic");
        }
        if (stopping.hasTarget() && StopRule.testChooses(recipe, split.validation() != null)) {
            out.println("note: stopping on TEST accuracy" + (stopping.on() == Stopping.On.TEST ? " as the report does" : " (no validation split)")
                    + "; this lets the test set choose the model, so the final test accuracy is optimistic");
        }
        ResumeState state = from == null ? null : from.state();
        int first = from == null ? 1 : from.epochsDone() + 1;
        if (from == null) {
            run.writeConfig(recipe.toMap());
        } else {
            from.restoreFiles();
            out.printf("resuming %s at epoch %d of %d%n", run, first, stopping.epochs());
        }
        InputContract input = InputContract.MNIST;
        Schedule schedule = recipe.schedule();
        java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger(first - 1);
        try (Learner learner = new Learner(recipe.architecture(), recipe.precision(), recipe.optimiser(),
                recipe.batchSize(), recipe.seed(), state);
             DigitClassifier classifier = DigitClassifier.of(learner.answering(), input);
             DigitClassifier trained = recipe.optimiser().averages() ? DigitClassifier.of(learner.model(), input) : null;
             Interruption interruption = new Interruption(System.err, () -> farewell.apply(committed.get()))) {
            ModelInfo begun = from == null ? null : from.info();
            ModelInfo info = new ModelInfo(recipe.architecture(), input.mean(), input.std(), recipe.toMap(),
                    begun == null ? null : begun.metrics(), begun == null ? Instant.now().toString() : begun.created(),
                    learner.parameters(), begun == null ? command : begun.command()).withViews(recipe.views());
            out.printf("training %s, %,d parameters, on %,d images%s (validation %,d, test %,d), %d engine threads%s%n",
                    recipe.architecture(), learner.parameters(), trainOn.size(), extraNote(data, trainOn.size() - split.train().size()),
                    split.validation() == null ? 0 : split.validation().size(), test.size(), threads(),
                    recipe.precision() == Precision.BF16 ? ", convolutions in bf16" : "");

            BatchLoader loader = new BatchLoader(trainOn, recipe.batchSize(), recipe.augmentation().augmenter(input), recipe.seed());
            int steps = loader.batchesPerEpoch();
            List<EpochRow> history = from == null ? new ArrayList<>() : new ArrayList<>(from.history());
            Milestones milestones = state == null ? new Milestones() : new Milestones(state.loop().milestones());
            double trainSeconds = state == null ? 0 : state.loop().trainSeconds();
            double bestSelection = state == null ? -1 : state.loop().bestSelection();
            int bestEpoch = state == null ? 0 : state.loop().bestEpoch();
            String stopReason = null;
            Evaluation lastTest = null;
            // elapsed time goes on from the last completed epoch's; the time the run was stopped does not count
            long wallStart = System.nanoTime() - (history.isEmpty() ? 0 : (long) (history.get(history.size() - 1).elapsedSeconds() * 1e9));
            for (int epoch = first; stopReason == null; epoch++) {
                long epochStart = System.nanoTime();
                ProgressBar bar = new ProgressBar(out, terminal, String.format("epoch %2d/%d", epoch, stopping.epochs()), steps);
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                long digits = 0; // seen, less the pictures that are not one digit: train accuracy is over digits
                double lr = 0;
                learner.startEpoch(epoch);
                Iterator<Batch> batches = loader.epoch(epoch);
                for (int step = 0; batches.hasNext(); step++) {
                    interruption.safePoint();
                    Batch batch = batches.next();
                    lr = schedule.lr(epoch, step, steps);
                    float[] lossAndCorrect = learner.step(batch, lr, recipe.optimiser().labelSmoothing(),
                            gradients != null && gradients.wants() ? gradients : null);
                    if (!Float.isFinite(lossAndCorrect[0])) throw new ModelException(diverged(epoch, step + 1, lr, committed.get()));
                    lossSum += lossAndCorrect[0] * batch.size();
                    correct += (long) lossAndCorrect[1];
                    seen += batch.size();
                    digits += (long) lossAndCorrect[2];
                    bar.update(step + 1, lossSum / seen, 100.0 * correct / Math.max(1, digits));
                }
                trainSeconds += (System.nanoTime() - epochStart) / 1e9;
                interruption.safePoint();

                Evaluation val = split.validation() == null ? null : Evaluation.of(classifier, split.validation(), interruption::safePoint);
                Evaluation tst = Evaluation.of(classifier, test, interruption::safePoint);
                EpochRow row = new EpochRow(epoch, lossSum / seen, 100.0 * correct / Math.max(1, digits),
                        val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
                        tst.loss(), tst.accuracy(), lr, (System.nanoTime() - epochStart) / 1e9, (System.nanoTime() - wallStart) / 1e9);
                history.add(row);
                lastTest = tst;
                out.println(describe(row));
                if (trained != null && split.validation() != null) {
                    // the same epoch without the average, so that a run shows what averaging gained
                    out.printf("  without the average: val acc %.2f%%%n", Evaluation.of(trained, split.validation(),
                            interruption::safePoint).accuracy());
                }
                milestones.update(tst.accuracy(), trainSeconds);

                Double valAccuracy = val == null ? null : val.accuracy();
                double selection = StopRule.selection(recipe, valAccuracy, tst.accuracy());
                boolean best = selection > bestSelection;
                if (best) {
                    bestSelection = selection;
                    bestEpoch = epoch;
                }
                stopReason = StopRule.reason(recipe, epoch, valAccuracy, tst.accuracy());
                info = info.withMetrics(Metrics.after(row, trainSeconds, milestones.reached()));
                info = save(learner, info, history, new ResumeState.Loop(epoch, bestSelection, bestEpoch, trainSeconds,
                        milestones.reached()), best, stopReason != null);
                committed.set(epoch);
                interruption.safePoint();
            }
            out.println(stopReason);
            return new Result(history, lastTest, test, split.validation(), trainSeconds, milestones.reached(), stopReason, info);
        }
    }

    /** Adds {@code flags} to the {@code --resume} commands it advises. */
    public Training resumeWith(String flags) {
        this.resumeFlags = flags.isEmpty() ? "" : " " + flags.strip();
        return this;
    }

    /**
     * What an interrupted run prints as it ends, given the epochs saved (null: nothing); by default
     * how to resume it ({@link #resumeAdvice}).
     */
    public Training onInterrupt(java.util.function.IntFunction<String> farewell) {
        this.farewell = java.util.Objects.requireNonNull(farewell, "farewell");
        return this;
    }

    /**
     * Why a run stops when a step's loss is NaN or infinite: the weights it would go on from are
     * lost, so nothing of the epoch is saved and the folder keeps the epochs before it (a bf16 run
     * here once diverged in an epoch that the same run, with the weight average beside it, passed).
     */
    private String diverged(int epoch, int batch, double lr, int done) {
        return String.format("the training diverged: the loss of epoch %d, batch %d is not a number (learning rate %.2e); ",
                epoch, batch, lr) + (done == 0 ? run + " keeps no completed epoch: train again with a lower --lr"
                : run + " keeps its " + done + " completed epoch" + (done == 1 ? "" : "s") + ": ./mnist train --resume " + run
                        + resumeFlags + " goes on from there (a bf16 run may then pass that batch; a float32 one repeats"
                        + " it exactly), or train again with a lower --lr");
    }

    private String resumeAdvice(int done) {
        return done == 0
                ? "interrupted during epoch 1: " + run + " holds no completed epoch; ./mnist train --resume " + run + resumeFlags
                        + " starts it again from the beginning"
                : "interrupted: " + run + " keeps its " + done + " completed epoch" + (done == 1 ? "" : "s")
                        + "; continue with ./mnist train --resume " + run + resumeFlags;
    }

    /**
     * The recipe's training digits and its validation split (null when it has none): of the first
     * {@code limit} training digits, the last {@code validation} of a permutation by the seed.
     */
    public static Mnist.Holdout split(Recipe recipe) {
        Recipe.Data data = recipe.data();
        return Mnist.load(data.dir(), Mnist.Split.TRAIN).head(data.limit()).holdOut(data.validation(), recipe.seed());
    }

    /**
     * The epoch's files, each renamed into place whole; model.params and best.params hold the
     * average of the weights when the recipe keeps one. model.json is the commit: a run resumes
     * after the last epoch whose model.json was written, from that epoch's resume state, and puts
     * back whatever a later, unfinished epoch wrote before it ({@link ResumePoint#restoreFiles}).
     * best.params follows model.json, so that it never holds an unfinished epoch's weights.
     * model.json records the SHA-256 of model.params: after a kill between the two, loading finds
     * the mismatch and reads the described epoch's weights from its resume state, which is deleted
     * only after the next model.json ({@link Checkpoint#load}). Returns what it wrote.
     */
    private ModelInfo save(Learner learner, ModelInfo info, List<EpochRow> history, ResumeState.Loop loop, boolean best,
                           boolean last) throws IOException {
        ResumeState state = learner.state(loop);
        byte[] weights = state.modelWeights();
        Checkpoint.writeWeights(run, Weights.MODEL, weights);
        run.writeMetrics(history);
        state.write(run);
        ModelInfo written = info.withWeightsSha256(Checkpoint.sha256(weights));
        run.writeInfo(written);
        if (best) Checkpoint.writeWeights(run, Weights.BEST, weights);
        run.deleteResumeStates(last ? 0 : loop.epoch());
        return written;
    }

    /**
     * What the reader cuts out of {@code count} numbers written with the training digits: whole
     * digits, and pieces that are not one digit, labelled {@link Mnist#NONE}
     * ({@link ReaderPieces#material}; the same for the same seed, so a resumed run trains on them again).
     */
    private Mnist writtenNumbers(Mnist train, int count) {
        long start = System.nanoTime();
        out.printf("writing %,d numbers with the training digits and cutting them as the reader does...%n", count);
        Mnist cut = ReaderPieces.material(train, count, recipe.seed());
        long none = IntStream.range(0, cut.size()).filter(i -> cut.label(i) == Mnist.NONE).count();
        out.printf("%,d digits and %,d pieces that are not one digit cut out of them (%.0f s)%n",
                cut.size() - none, none, (System.nanoTime() - start) / 1e9);
        return cut;
    }

    /**
     * ", 7,291 of them USPS train" when other sets are trained on as well (", 58,123 of them USPS
     * train + cut out of 5,000 written numbers" with {@code --numbers}); empty otherwise.
     */
    static String extraNote(Recipe.Data data, int extra) {
        List<String> sources = new ArrayList<>(data.extra().stream().map(d -> d.title() + " train").toList());
        if (data.numbers() > 0) sources.add(String.format("cut out of %,d written numbers", data.numbers()));
        return sources.isEmpty() ? "" : String.format(", %,d of them %s", extra, String.join(" + ", sources));
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
