package dev.digits.readeval;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.digits.internal.read.Probe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Fits the gate's {@link Probe} with DJL: standardised features, one hidden layer of
 * {@value #HIDDEN} ReLUs, Adam at 1e-3 with weight decay 1e-4, {@value #EPOCHS} epochs of
 * batches of {@value #BATCH}, and a cross-entropy in which the two classes weigh the same
 * however many of each there are (written out below, as DJL's sigmoid loss takes no weights).
 */
public final class ProbeFit {

    static final int HIDDEN = 64, EPOCHS = 30, BATCH = 256;

    private ProbeFit() {}

    /**
     * The probe, with no threshold yet (NaN): the caller sets it on digits the fit did not see
     * ({@link #threshold}, {@link Probe#withThreshold}).
     *
     * @param digits the features ({@link Probe#flatten}ed) of digits
     * @param others those of things that are not one digit
     */
    public static Probe fit(float[][] digits, float[][] others, long seed) {
        int d = digits[0].length;
        int n = digits.length + others.length;
        float[][] x = new float[n][];
        System.arraycopy(digits, 0, x, 0, digits.length);
        System.arraycopy(others, 0, x, digits.length, others.length);
        float[] mean = new float[d], scale = new float[d];
        for (int j = 0; j < d; j++) {
            double s = 0, ss = 0;
            for (float[] row : x) {
                s += row[j];
                ss += (double) row[j] * row[j];
            }
            double m = s / n;
            mean[j] = (float) m;
            scale[j] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, ss / n - m * m)));
        }
        Engine.getInstance().setRandomSeed((int) seed);
        try (Model model = Model.newInstance("probe")) {
            SequentialBlock net = new SequentialBlock()
                    .add(Linear.builder().setUnits(HIDDEN).build())
                    .add(Activation::relu)
                    .add(Linear.builder().setUnits(1).build());
            model.setBlock(net);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).optWeightDecays(1e-4f).build();
            try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss()).optOptimizer(adam))) {
                t.initialize(new Shape(BATCH, d));
                train(t, x, digits.length, mean, scale, new Random(seed));
            }
            List<float[]> arrays = new ArrayList<>();
            List<Shape> shapes = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                arrays.add(p.getValue().getArray().toFloatArray());
                shapes.add(p.getValue().getArray().getShape());
            }
            // Linear's weight is [out][in]: the hidden layer's rows are its units
            float[][] hidden = new float[HIDDEN][];
            for (int u = 0; u < HIDDEN; u++) hidden[u] = Arrays.copyOfRange(arrays.get(0), u * d, (u + 1) * d);
            if (shapes.get(0).get(1) != d) throw new IllegalStateException("unexpected probe shape " + shapes.get(0));
            return new Probe(mean, scale, hidden, arrays.get(1), arrays.get(2), arrays.get(3)[0], Double.NaN);
        }
    }

    private static void train(Trainer t, float[][] x, int digits, float[] mean, float[] scale, Random r) {
        int n = x.length, d = mean.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        float digitWeight = n * 0.5f / digits, otherWeight = n * 0.5f / (n - digits);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates, from the seed
                int j = r.nextInt(i + 1);
                int k = order[i];
                order[i] = order[j];
                order[j] = k;
            }
            for (int start = 0; start < n; start += BATCH) {
                int b = Math.min(BATCH, n - start);
                float[] in = new float[b * d], y = new float[b], w = new float[b];
                for (int k = 0; k < b; k++) {
                    int i = order[start + k];
                    for (int j = 0; j < d; j++) in[k * d + j] = (x[i][j] - mean[j]) / scale[j];
                    y[k] = i < digits ? 0 : 1;
                    w[k] = i < digits ? digitWeight : otherWeight;
                }
                try (NDManager m = t.getManager().newSubManager()) {
                    try (GradientCollector g = t.newGradientCollector()) {
                        NDArray z = t.forward(new NDList(m.create(in, new Shape(b, d)))).singletonOrThrow().reshape(b);
                        NDArray target = m.create(y);
                        // log(1 + e^z) - z y, computed as max(z, 0) - z y + log(1 + e^-|z|)
                        NDArray loss = z.maximum(0).sub(z.mul(target)).add(z.abs().neg().exp().add(1).log());
                        g.backward(loss.mul(m.create(w)).mean());
                    }
                    t.step();
                }
            }
        }
    }

    /** The probability, under {@code probe}, at or below which a {@code quantile} share of {@code digits} lie. */
    public static double threshold(Probe probe, float[][][] digits, double quantile) {
        double[] s = new double[digits.length];
        for (int i = 0; i < s.length; i++) s[i] = probe.notADigit(digits[i]);
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(quantile * s.length) - 1)];
    }
}
