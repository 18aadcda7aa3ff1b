package dev.digits.internal.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.model.NumberNet;
import dev.digits.internal.numbers.NumberSet;
import dev.digits.internal.read.Strip;
import dev.digits.internal.read.StripModel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Trains the {@link NumberNet} that reads whole numbers ({@code read-train}): numbers written by
 * {@link NumberSet} with MNIST <b>training</b> digits (never a test digit), made into
 * {@link Strip}s as the reader makes them, learnt with {@link Ctc} by AdamW on a warm-up and cosine
 * schedule. Each epoch is scored on numbers written with held-out training digits.
 */
public final class StripTraining {

    /**
     * @param numbers numbers written to learn from
     * @param epochs passes over them
     * @param batch strips per step
     * @param learningRate AdamW's peak rate
     * @param seed the numbers', the held-out digits' and the network's seed
     */
    public record Settings(int numbers, int epochs, int batch, float learningRate, long seed) {
        public static final int NUMBERS = 60_000;
        public static final int EPOCHS = 8;
        public static final int BATCH = 64;
        public static final float LEARNING_RATE = 1.5e-3f;

        public Settings {
            if (numbers < 1) throw new IllegalArgumentException("--numbers must be at least 1, got " + numbers);
            if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
            if (batch < 1 || batch > 1024) throw new IllegalArgumentException("--batch-size must be 1 to 1024, got " + batch);
            if (!(learningRate > 0 && learningRate < 1)) throw new IllegalArgumentException("--lr must be above 0 and under 1, got " + learningRate);
        }
    }

    /** A strip and the number it shows. */
    record Example(String label, boolean touching, Strip strip) {}

    /** The share of held-out numbers read exactly, separated and touching. */
    public record Score(int separated, int separatedRight, int touching, int touchingRight) {
        @Override
        public String toString() {
            return String.format("held-out numbers read exactly: separated %.2f%% (%d of %d), touching %.2f%% (%d of %d)",
                    100.0 * separatedRight / Math.max(1, separated), separatedRight, separated,
                    100.0 * touchingRight / Math.max(1, touching), touchingRight, touching);
        }
    }

    /**
     * The trained weights (as {@link StripModel#of} reads them), the last epoch's score, each epoch's
     * mean loss and the seconds it all took (writing the numbers too).
     */
    public record Result(byte[] weights, Score score, List<Double> losses, double seconds) {}

    /** Training digits held out: the numbers each epoch is scored on are written with them. */
    static final int HELD_OUT = 5_000;
    /** Numbers written with the held-out digits: a tenth of the numbers learnt from, 100 to 1,000. */
    static final int SCORED = 1_000;
    /** Steps of warm-up (from a tenth of the rate), or a tenth of all steps when fewer. */
    private static final int WARM_UP_STEPS = 300;

    private StripTraining() {}

    /** {@code digits}: MNIST's training set. */
    public static Result train(Mnist digits, Settings s, PrintStream out) {
        Mnist.Holdout split = digits.holdOut(Math.min(HELD_OUT, digits.size() / 10), s.seed());
        long start = System.nanoTime();
        int scoredCount = Math.min(SCORED, Math.max(100, s.numbers() / 10));
        out.printf("writing %,d numbers with %,d training digits and %,d with %,d held-out ones%n",
                s.numbers(), split.train().size(), scoredCount, split.validation().size());
        List<Example> material = examples(split.train(), s.numbers(), s.seed());
        List<Example> scored = examples(split.validation(), scoredCount, s.seed() + 1);
        out.printf("written in %.0f s%n", (System.nanoTime() - start) / 1e9);
        int perEpoch = (material.size() + s.batch() - 1) / s.batch();
        int warmUp = Math.min(WARM_UP_STEPS, s.epochs() * perEpoch / 10);
        List<Double> losses = new ArrayList<>();
        Engine.getInstance().setRandomSeed((int) s.seed());
        try (Model model = Model.newInstance(NumberNet.NAME)) {
            model.setBlock(NumberNet.build());
            Tracker schedule = Tracker.warmUp().optWarmUpBeginValue(s.learningRate() / 10).optWarmUpSteps(warmUp)
                    .setMainTracker(Tracker.cosine().setBaseValue(s.learningRate()).optFinalValue(s.learningRate() / 100)
                            .setMaxUpdates(Math.max(1, s.epochs() * perEpoch - warmUp)).build())
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(ai.djl.training.loss.Loss.l2Loss()) // unused: Ctc
                    .optOptimizer(Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(0.05f).build());
            Score score = null;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1, NumberNet.HEIGHT, 16 * NumberNet.STEP));
                Random r = new Random(s.seed());
                for (int e = 1; e <= s.epochs(); e++) {
                    ProgressBar bar = new ProgressBar(out, ProgressBar.isTerminal(), String.format("epoch %d/%d", e, s.epochs()), perEpoch);
                    double loss = 0;
                    int done = 0, right = 0, seen = 0;
                    for (List<Example> batch : batches(material, s.batch(), r)) {
                        try (NDManager m = model.getNDManager().newSubManager(); GradientCollector g = trainer.newGradientCollector()) {
                            int w = width(batch) + 2 * NumberNet.STEP; // room to move each strip sideways
                            NDArray logp = NumberNet.perStep(trainer.forward(new NDList(images(m, batch, w, r))).singletonOrThrow())
                                    .logSoftmax(2);
                            float[] values = logp.toFloatArray(); // once: for the loss and for the readings
                            Ctc.Loss l = Ctc.of(m, logp, values, batch.stream().map(Example::label).toList());
                            g.backward(l.surrogate());
                            loss += l.loss();
                            right += exact(values, batch, w / NumberNet.STEP);
                        }
                        trainer.step();
                        seen += batch.size();
                        bar.update(++done, loss / done, 100.0 * right / seen);
                    }
                    losses.add(loss / done);
                    score = score(StripModel.of(weights(model)), scored);
                    out.printf("epoch %d/%d: %s (%.0f s)%n", e, s.epochs(), score, (System.nanoTime() - start) / 1e9);
                }
            }
            return new Result(weights(model), score, List.copyOf(losses), (System.nanoTime() - start) / 1e9);
        }
    }

    static List<Example> examples(Mnist digits, int count, long seed) {
        List<Example> out = new ArrayList<>(count);
        NumberSet.inChunks(digits, count, seed, 500, items -> items.parallelStream()
                .map(i -> new Example(i.label(), i.touching(), Strip.of(i.image()))).forEachOrdered(out::add));
        return out;
    }

    /** Batches of strips of about the same width (less padding), in a random order. */
    static List<List<Example>> batches(List<Example> all, int size, Random r) {
        List<Example> order = new ArrayList<>(all);
        if (r != null) Collections.shuffle(order, r);
        List<List<Example>> out = new ArrayList<>();
        int chunk = size * 32;
        for (int c = 0; c < order.size(); c += chunk) {
            List<Example> part = new ArrayList<>(order.subList(c, Math.min(order.size(), c + chunk)));
            part.sort(Comparator.comparingInt(x -> x.strip().width()));
            for (int b = 0; b < part.size(); b += size) out.add(part.subList(b, Math.min(part.size(), b + size)));
        }
        if (r != null) Collections.shuffle(out, r);
        return out;
    }

    static int width(List<Example> batch) {
        int steps = 0;
        for (Example x : batch) steps = Math.max(steps, NumberNet.steps(x.strip().width()));
        return steps * NumberNet.STEP;
    }

    /** The batch {@code w} wide, each strip moved right by up to the room it has and up or down by a pixel. */
    static NDArray images(NDManager m, List<Example> batch, int w, Random r) {
        float[] x = new float[batch.size() * NumberNet.HEIGHT * w];
        for (int b = 0; b < batch.size(); b++) {
            Strip s = batch.get(b).strip();
            int dx = r.nextInt(w - s.width() + 1), dy = r.nextInt(3) - 1;
            s.into(x, b, w, dx, dy);
        }
        return m.create(x, new Shape(batch.size(), 1, NumberNet.HEIGHT, w));
    }

    private static int exact(float[] logp, List<Example> batch, int steps) {
        int right = 0;
        for (int b = 0; b < batch.size(); b++) {
            if (StripModel.decode(logp, b * steps * NumberNet.CLASSES, steps).digits().equals(batch.get(b).label())) right++;
        }
        return right;
    }

    static Score score(StripModel reader, List<Example> set) {
        try (reader) {
            int[] n = new int[2], ok = new int[2];
            for (List<Example> batch : batches(set, 64, null)) {
                List<List<StripModel.Sequence>> read = reader.read(batch.stream().map(Example::strip).toList());
                for (int i = 0; i < batch.size(); i++) {
                    int k = batch.get(i).touching() ? 1 : 0;
                    n[k]++;
                    if (read.get(i).get(0).digits().equals(batch.get(i).label())) ok[k]++; // the network just trained
                }
            }
            return new Score(n[0], ok[0], n[1], ok[1]);
        }
    }

    static byte[] weights(Model model) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            model.getBlock().saveParameters(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
