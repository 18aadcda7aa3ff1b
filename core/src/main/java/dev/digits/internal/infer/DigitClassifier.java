package dev.digits.internal.infer;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.model.Views;
import dev.digits.internal.run.Checkpoint;
import dev.digits.internal.run.ModelInfo;
import dev.digits.internal.run.RunFolder;
import dev.digits.internal.run.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The one path from 28x28 images to answers, used by {@code eval}, {@code predict}, training's own
 * evaluation and the web service. A model folder holds one network or an ensemble of them (its
 * members' probabilities averaged). Safe to call from many threads: each call borrows one DJL
 * {@link Predictor} per network from a bounded pool ({@link PredictorPool}), and native memory of
 * each call is freed when it returns. {@link #close()} waits for calls under way, and later calls
 * are refused: a forward pass never runs on a closed model.
 */
public final class DigitClassifier implements AutoCloseable {

    /**
     * Images per forward pass: 256 measured 2-4 times faster than 1,000 on this CPU (caches;
     * docs/history.md), and the same batches make the same numbers in training and in eval.
     */
    public static final int BATCH = 256;

    private final List<Model> models;
    private final double[] temperatures; // each network's (ModelInfo#temperature), in the order of models
    private final ModelInfo info;
    private final InputContract input;
    private final Views views;
    private final boolean ownsModels;
    private final PredictorPool pool;
    /** Calls hold it shared, {@link #close()} exclusively. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private DigitClassifier(List<Model> models, double[] temperatures, ModelInfo info, InputContract input, boolean ownsModels,
            int poolSize) {
        if (temperatures.length != models.size()) throw new IllegalArgumentException("one temperature per network");
        this.models = List.copyOf(models);
        this.temperatures = temperatures.clone();
        this.info = info;
        this.input = input;
        this.views = info == null ? Views.ONE : info.views();
        this.ownsModels = ownsModels;
        this.pool = new PredictorPool(this.models, poolSize);
    }

    /** Loads a model folder's final weights ({@code model.params}, or each ensemble member's). */
    public static DigitClassifier load(RunFolder run) {
        return load(run, Weights.MODEL, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loads a model folder with at most {@code poolSize} calls at once: its {@code weights}, or for
     * an ensemble each member's final weights.
     */
    public static DigitClassifier load(RunFolder run, Weights weights, int poolSize) {
        return load(run, weights, poolSize, null);
    }

    /**
     * As above, reading each digit in {@code views} instead of model.json's (null: model.json's):
     * calibration fits a temperature on one view of a model that reads in several.
     */
    public static DigitClassifier load(RunFolder run, Weights weights, int poolSize, Views views) {
        DigitClassifier loaded = open(run, weights, poolSize, views);
        try {
            // one forward pass before anyone relies on it: a model that cannot answer fails here, once
            Prediction p = loaded.classify(new byte[InputContract.PIXELS]);
            for (float f : p.probabilities()) {
                if (!Float.isFinite(f)) throw new ModelException(run + ": the model answers NaN or infinity");
            }
            return loaded;
        } catch (RuntimeException e) {
            loaded.close();
            if (e instanceof ModelException m) throw m;
            throw new ModelException(run + ": the model fails a forward pass: " + e.getMessage());
        }
    }

    private static DigitClassifier open(RunFolder run, Weights weights, int poolSize, Views views) {
        ModelInfo described = run.readInfo().forWeights(weights);
        ModelInfo info = views == null ? described : described.withViews(views);
        if (!info.isEnsemble()) {
            return new DigitClassifier(List.of(Checkpoint.load(run, weights, info)), new double[] {info.softmaxTemperature()}, info,
                    info.input(), true, poolSize);
        }
        if (weights != Weights.MODEL) throw new ModelException(run + ": an ensemble is made of its members' final weights;"
                + " --weights " + weights + " names none of them (leave --weights out)");
        List<Model> loaded = new ArrayList<>();
        double[] temperatures = new double[info.members().size()];
        try {
            for (RunFolder folder : run.members(info)) {
                ModelInfo m = folder.readInfo();
                if (m.isEnsemble() || !m.input().equals(info.input())) {
                    throw new ModelException(folder + ": an ensemble member must be one network with the ensemble's normalisation");
                }
                temperatures[loaded.size()] = m.softmaxTemperature();
                loaded.add(Checkpoint.load(folder, Weights.MODEL, m));
            }
        } catch (RuntimeException e) {
            loaded.forEach(Model::close);
            throw e;
        }
        return new DigitClassifier(loaded, temperatures, info, info.input(), true, poolSize);
    }

    /** A classifier that owns {@code model} and closes it. */
    public static DigitClassifier owning(Model model, ModelInfo info, int poolSize) {
        return new DigitClassifier(List.of(model), new double[] {info.softmaxTemperature()}, info, info.input(), true, poolSize);
    }

    /** A classifier over a model that someone else owns, such as the one being trained. */
    public static DigitClassifier of(Model model, InputContract input) {
        return new DigitClassifier(List.of(model), new double[] {1}, null, input, false, 1);
    }

    /** The saved model's description; null for a model being trained. */
    public ModelInfo info() {
        return info;
    }

    /** The most calls that run at once; more wait for a predictor. */
    public int poolSize() {
        return pool.size();
    }

    /** Classifies 28x28 byte images (0 background, 255 ink). */
    public List<Prediction> classify(List<byte[]> images) {
        byte[] packed = new byte[images.size() * InputContract.PIXELS];
        for (int i = 0; i < images.size(); i++) {
            byte[] img = images.get(i);
            if (img.length != InputContract.PIXELS) {
                throw new IllegalArgumentException("image " + i + " has " + img.length + " pixels, expected " + InputContract.PIXELS);
            }
            System.arraycopy(img, 0, packed, i * InputContract.PIXELS, img.length);
        }
        return List.of(classify(packed, images.size()));
    }

    public Prediction classify(byte[] image) {
        return classify(List.of(image)).get(0);
    }

    /**
     * Classifies the first {@code n} images of {@code images} ({@code n * 784} bytes, one image
     * after another), {@link #BATCH} at a time, normalised by the model's {@link InputContract}.
     */
    public Prediction[] classify(byte[] images, int n) {
        return whileOpen(() -> classifyOpen(images, n));
    }

    /** Runs {@code call} holding the lifecycle shared: never on a closed model, and close() waits for it. */
    private <T> T whileOpen(Supplier<T> call) {
        lifecycle.readLock().lock();
        try {
            if (closed) throw new IllegalStateException("the model is closed");
            return call.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Prediction[] classifyOpen(byte[] images, int n) {
        return pool.with(predictors -> classifyWith(predictors, images, n));
    }

    private Prediction[] classifyWith(List<Predictor<float[], float[]>> predictors, byte[] images, int n) {
        Prediction[] out = new Prediction[n];
        try {
            for (int start = 0; start < n; start += BATCH) {
                int m = Math.min(BATCH, n - start);
                if (predictors.size() == 1 && views.count() == 1) {
                    float[] logits = predictors.get(0).predict(normalised(images, start, m, 0));
                    for (int k = 0; k < m; k++) out[start + k] = Prediction.fromLogits(logits, k * InputContract.CLASSES, temperatures[0]);
                } else {
                    averaged(predictors, images, start, m, out);
                }
            }
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        }
    }

    /**
     * The answers and the features of one network for the same inputs, from one forward pass.
     *
     * @param predictions the answers, as {@link #classify} gives them
     * @param features {@code [image][layer][channel]}: for each feature map after a non-linearity
     *     (the stem's and each residual block's), its channels averaged over the map; the last one
     *     is what the last layer reads
     */
    public record Analysis(Prediction[] predictions, float[][][] features) {}

    /**
     * The answers and the network's features for the first {@code n} images of {@code images},
     * {@link #BATCH} at a time; for an ensemble or a model read in several views, the same answers
     * as {@link #classify} and its first member's features of the image as given. The "not a
     * digit" decision measures how far an input is from the training digits in these spaces
     * (dev.digits.internal.read.DigitGate).
     */
    public Analysis analyse(byte[] images, int n) {
        return whileOpen(() -> analyseOpen(images, n));
    }

    private Analysis analyseOpen(byte[] images, int n) {
        // the features pass does not use the predictors, but holding them keeps to the pool's calls at once
        return pool.with(predictors -> analyseWith(predictors, images, n));
    }

    private Analysis analyseWith(List<Predictor<float[], float[]>> predictors, byte[] images, int n) {
        FeatureMaps maps = FeatureMaps.of(models.get(0));
        float[][][] out = new float[n][][];
        Prediction[] answers = new Prediction[n];
        for (int start = 0; start < n; start += BATCH) {
            int m = Math.min(BATCH, n - start);
            FeatureMaps.Pass pass = maps.forward(normalised(images, start, m, 0), m);
            for (int k = 0; k < m; k++) {
                out[start + k] = pass.features()[k];
                answers[start + k] = Prediction.fromLogits(pass.logits(), k * InputContract.CLASSES, temperatures[0]);
            }
        }
        boolean plain = models.size() == 1 && views.count() == 1;
        return new Analysis(plain ? answers : classifyWith(predictors, images, n), out);
    }

    /** The {@code m} images from {@code start}, as view {@code view}, normalised: one forward pass's input. */
    private float[] normalised(byte[] images, int start, int m, int view) {
        float[] x = new float[m * InputContract.PIXELS];
        byte[] moved = view == 0 ? null : new byte[InputContract.PIXELS];
        for (int k = 0; k < m; k++) {
            int src = (start + k) * InputContract.PIXELS;
            if (moved == null) {
                input.normalise(images, src, x, k * InputContract.PIXELS);
            } else {
                views.write(view, images, src, moved, 0);
                input.normalise(moved, 0, x, k * InputContract.PIXELS);
            }
        }
        return x;
    }

    /** The mean of the probabilities of every member over every view. */
    private void averaged(List<Predictor<float[], float[]>> predictors, byte[] images, int start, int m, Prediction[] out)
            throws TranslateException {
        double[][] sum = new double[m][InputContract.CLASSES];
        for (int v = 0; v < views.count(); v++) {
            float[] x = normalised(images, start, m, v);
            for (int member = 0; member < predictors.size(); member++) {
                float[] logits = predictors.get(member).predict(x);
                for (int k = 0; k < m; k++) {
                    float[] probabilities = InputContract.softmax(logits, k * InputContract.CLASSES, temperatures[member]);
                    for (int c = 0; c < InputContract.CLASSES; c++) sum[k][c] += probabilities[c];
                }
            }
        }
        int answers = predictors.size() * views.count();
        for (int k = 0; k < m; k++) {
            float[] mean = new float[InputContract.CLASSES];
            for (int c = 0; c < InputContract.CLASSES; c++) mean[c] = (float) (sum[k][c] / answers);
            out[start + k] = Prediction.fromProbabilities(mean);
        }
    }

    /** Waits for the calls under way, then frees the predictors (and the models it owns); idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            pool.close();
            if (ownsModels) models.forEach(Model::close);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
