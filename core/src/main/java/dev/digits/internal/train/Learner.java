package dev.digits.internal.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import dev.digits.internal.data.Batch;
import dev.digits.internal.data.Mnist;
import dev.digits.internal.model.Architecture;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.MnistResNet;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.model.Precision;
import dev.digits.internal.run.Checkpoint;
import dev.digits.internal.run.ResumeState;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * A network being trained: the DJL model, its AdamW optimiser and one training step. Used by
 * {@link Training} and by the training benchmark, so both measure the same path.
 */
public final class Learner implements AutoCloseable {

    private final Model model;
    private final Optimizer optimizer;
    private final Trainer trainer;
    private final Rate rate = new Rate();
    private final long parameters;
    private final long seed;
    private final WeightAverage average;

    /**
     * A freshly initialised network whose convolutions train in {@code precision}; {@code seed}
     * seeds the engine: the weights here, the dropout masks per epoch ({@link #startEpoch}).
     */
    public Learner(Architecture architecture, Precision precision, double weightDecay, int batchSize, long seed) {
        this(architecture, precision, weightDecay, batchSize, seed, null);
    }

    /**
     * The network and optimiser as {@code from} saved them, or freshly initialised when it is null.
     */
    public Learner(Architecture architecture, Precision precision, double weightDecay, int batchSize, long seed, ResumeState from) {
        this(architecture, precision, new Recipe.Optimiser(0, weightDecay, 0), batchSize, seed, from);
    }

    /**
     * As above, with {@code optimiser}'s kind and weight decay (its rate is set at every step). An
     * SGD run cannot be resumed: its momentum is not saved ({@link #state}).
     */
    public Learner(Architecture architecture, Precision precision, Recipe.Optimiser optimiser, int batchSize, long seed,
                   ResumeState from) {
        if (from != null && optimiser.kind() != Recipe.Optimiser.Kind.ADAMW) {
            throw new ModelException("only AdamW runs can be resumed: the momentum of " + optimiser.kind() + " is not saved");
        }
        this.seed = seed;
        Engine.getInstance().setRandomSeed((int) seed);
        model = Model.newInstance("mnist-resnet");
        model.setBlock(MnistResNet.build(architecture, precision));
        optimizer = switch (optimiser.kind()) {
            case ADAMW -> Optimizer.adamW().optLearningRateTracker(rate).optWeightDecays((float) optimiser.weightDecay()).build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(rate).optMomentum(Recipe.Optimiser.Kind.SGD_MOMENTUM)
                    .optWeightDecays((float) optimiser.weightDecay()).build();
        };
        Trainer t = null;
        try {
            if (from != null) load(model, from.weights(), batchSize); // before the trainer takes the parameters' arrays
            t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer));
            t.initialize(InputContract.shape(batchSize));
            if (from != null) AdamWState.restore((AdamW) optimizer, model.getBlock(), from, t.getManager());
        } catch (RuntimeException e) {
            if (t != null) t.close();
            model.close();
            throw e;
        }
        trainer = t;
        parameters = MnistResNet.trainableParameters(model.getBlock());
        try {
            average = average(architecture, optimiser, from);
        } catch (RuntimeException e) {
            trainer.close();
            model.close();
            throw e;
        }
    }

    /** The recipe's weight average (null: none), fresh from the weights now or as {@code from} saved it. */
    private WeightAverage average(Architecture architecture, Recipe.Optimiser optimiser, ResumeState from) {
        boolean saved = from != null && from.averaged().length > 0;
        if (from != null && saved != optimiser.averages()) {
            throw new ModelException("the resume state " + (saved ? "holds" : "lacks") + " a moving average of the weights,"
                    + " which the recipe in config.json " + (saved ? "does not keep" : "keeps") + " (--ema)");
        }
        if (!optimiser.averages()) return null;
        return new WeightAverage(architecture, model.getBlock(), optimiser.ema(), saved ? from.averaged() : weights(),
                from == null ? 0 : from.optimiser().numUpdate());
    }

    private static void load(Model model, byte[] weights, int batchSize) {
        Block block = model.getBlock();
        block.initialize(model.getNDManager(), DataType.FLOAT32, InputContract.shape(batchSize));
        try {
            block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(weights)));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new ModelException("the resume state's weights do not fit this network (" + e.getMessage() + ")");
        }
    }

    /** The trained weights now, in DJL's parameter format. */
    public byte[] weights() {
        return Checkpoint.weightBytes(model.getBlock());
    }

    /** The network that answers: the average of the weights when the recipe keeps one, else the trained one. */
    public Model answering() {
        return average == null ? model : average.model();
    }

    /**
     * Everything {@code train --resume} needs to go on from here, with the loop's own state: the
     * trained weights, the optimiser's state and the average of the weights (empty when there is
     * none); its {@link ResumeState#modelWeights} are what model.params holds.
     */
    public ResumeState state(ResumeState.Loop loop) {
        byte[] weights = weights();
        byte[] averaged = average == null ? new byte[0] : average.weights();
        if (!(optimizer instanceof AdamW adamW)) { // SGD: no optimiser state; such a run is not resumed (the constructor)
            return new ResumeState(loop, new ResumeState.Optimiser(java.util.List.of(), java.util.List.of(), 0), weights,
                    new byte[0], averaged);
        }
        Pair<ResumeState.Optimiser, byte[]> adam = AdamWState.capture(adamW, model.getBlock());
        return new ResumeState(loop, adam.getKey(), weights, adam.getValue(), averaged);
    }

    /**
     * Seeds the engine's generator, which draws the dropout masks, from the seed and
     * {@code epoch}, so that an epoch's masks do not depend on the epochs before it (nor on
     * whether this process trained them): libtorch's generator state cannot be saved through DJL.
     */
    public void startEpoch(int epoch) {
        Engine.getInstance().setRandomSeed(epochSeed(seed, epoch));
    }

    static int epochSeed(long seed, int epoch) {
        return new SplittableRandom(seed * 1_000_003L + epoch).nextInt();
    }

    public Model model() {
        return model;
    }

    /** Trainable parameters, counted as PyTorch counts them. */
    public long parameters() {
        return parameters;
    }

    /**
     * One optimiser step at learning rate {@code lr} with cross-entropy (label smoothing
     * {@code smoothing}); returns the batch's mean loss, its number of correct answers and of
     * digits (pictures that are not one digit, {@link Mnist#NONE}, have no correct answer).
     */
    public float[] step(Batch batch, double lr, double smoothing) {
        return step(batch, lr, smoothing, null);
    }

    /** As above; {@code gradients}, when not null, is given the gradient norm of each convolution of this step. */
    public float[] step(Batch batch, double lr, double smoothing, GradientNorms gradients) {
        rate.value = (float) lr;
        int n = batch.size();
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = m.create(batch.images(), InputContract.shape(n));
            NDArray target = m.create(targets(batch.labels(), smoothing), new Shape(n, InputContract.CLASSES));
            NDArray logits;
            NDArray loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                logits = trainer.forward(new NDList(x)).singletonOrThrow();
                loss = logits.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg();
                collector.backward(loss);
                if (gradients != null) gradients.record(model.getBlock());
            }
            trainer.step();
            if (average != null) average.update();
            long[] predicted = logits.argMax(1).toLongArray();
            int correct = 0, digits = 0;
            for (int i = 0; i < n; i++) {
                if (batch.labels()[i] == Mnist.NONE) continue;
                digits++;
                if (predicted[i] == batch.labels()[i]) correct++;
            }
            return new float[] {loss.getFloat(), correct, digits};
        }
    }

    /**
     * Cross-entropy targets: one-hot, or smoothed as PyTorch's label_smoothing does ((1-e) one-hot
     * + e/10); for a picture that is not one digit ({@link Mnist#NONE}), a tenth for each digit.
     */
    static float[] targets(int[] labels, double smoothing) {
        float[] t = new float[labels.length * 10];
        java.util.Arrays.fill(t, (float) (smoothing / 10));
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == Mnist.NONE) java.util.Arrays.fill(t, i * 10, i * 10 + 10, 0.1f);
            else t[i * 10 + labels[i]] += (float) (1 - smoothing);
        }
        return t;
    }

    @Override
    public void close() {
        if (average != null) average.close();
        trainer.close();
        model.close();
    }

    /** The learning rate the optimiser reads; set before every step. */
    private static final class Rate implements ParameterTracker {
        volatile float value;

        @Override
        public float getNewValue(String parameterId, int numUpdate) {
            return value;
        }
    }
}
