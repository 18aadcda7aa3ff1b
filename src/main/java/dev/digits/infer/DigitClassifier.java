package dev.digits.infer;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.digits.data.Augmenter;
import dev.digits.data.Mnist;
import dev.digits.model.Checkpoint;
import dev.digits.model.ModelInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one path from 28x28 images to answers, used by {@code eval}, {@code predict}, training's own
 * evaluation and the web service. Safe to call from many threads: each call borrows a DJL
 * {@link Predictor} from a bounded pool, and native memory of each call is freed when it returns.
 */
public final class DigitClassifier implements AutoCloseable {

    /** Largest batch sent to the engine in one forward pass. */
    public static final int MAX_BATCH = 1024;

    private final Model model;
    private final ModelInfo info;
    private final boolean ownsModel;
    private final BlockingQueue<Predictor<float[], float[]>> pool;
    private final List<Predictor<float[], float[]>> all = new ArrayList<>();
    private final AtomicInteger created = new AtomicInteger();
    private final int poolSize;

    private DigitClassifier(Model model, ModelInfo info, boolean ownsModel, int poolSize) {
        this.model = model;
        this.info = info;
        this.ownsModel = ownsModel;
        this.poolSize = poolSize;
        this.pool = new ArrayBlockingQueue<>(poolSize);
    }

    /** Loads a run folder's final weights ({@code model.params}). */
    public static DigitClassifier load(Path runDir) {
        return load(runDir, Checkpoint.FINAL, Runtime.getRuntime().availableProcessors());
    }

    /** Loads {@code runDir/<weights>.params} with at most {@code poolSize} predictors at once. */
    public static DigitClassifier load(Path runDir, String weights, int poolSize) {
        ModelInfo info = Checkpoint.readInfo(runDir);
        return new DigitClassifier(Checkpoint.load(runDir, weights, info), info, true, poolSize);
    }

    /** A classifier that owns {@code model} and closes it. */
    public static DigitClassifier owning(Model model, ModelInfo info, int poolSize) {
        return new DigitClassifier(model, info, true, poolSize);
    }

    /** A classifier over a model that someone else owns, such as the one being trained. */
    public static DigitClassifier of(Model model, ModelInfo info) {
        return new DigitClassifier(model, info, false, 1);
    }

    public ModelInfo info() {
        return info;
    }

    /** The most calls that run at once; more wait for a predictor. */
    public int poolSize() {
        return poolSize;
    }

    /** Classifies 28x28 byte images (0 background, 255 ink), in batches. */
    public List<Prediction> classify(List<byte[]> images) {
        float[] x = new float[images.size() * Mnist.PIXELS];
        for (int i = 0; i < images.size(); i++) {
            byte[] img = images.get(i);
            if (img.length != Mnist.PIXELS) {
                throw new IllegalArgumentException("image " + i + " has " + img.length + " pixels, expected 784");
            }
            Augmenter.normalise(img, 0, x, i * Mnist.PIXELS);
        }
        float[] logits = logits(x, images.size());
        List<Prediction> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) out.add(Prediction.fromLogits(logits, i * 10));
        return out;
    }

    public Prediction classify(byte[] image) {
        return classify(List.of(image)).get(0);
    }

    /** Logits ({@code n * 10}) of {@code n} normalised images ({@code n * 784} floats). */
    public float[] logits(float[] normalised, int n) {
        float[] out = new float[n * 10];
        Predictor<float[], float[]> predictor = borrow();
        try {
            for (int start = 0; start < n; start += MAX_BATCH) {
                int m = Math.min(MAX_BATCH, n - start);
                float[] chunk = new float[m * Mnist.PIXELS];
                System.arraycopy(normalised, start * Mnist.PIXELS, chunk, 0, chunk.length);
                System.arraycopy(predictor.predict(chunk), 0, out, start * 10, m * 10);
            }
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        } finally {
            pool.offer(predictor);
        }
    }

    private Predictor<float[], float[]> borrow() {
        Predictor<float[], float[]> p = pool.poll();
        if (p != null) return p;
        synchronized (all) {
            if (created.get() < poolSize) {
                created.incrementAndGet();
                Predictor<float[], float[]> fresh = model.newPredictor(new ImagesTranslator());
                all.add(fresh);
                return fresh;
            }
        }
        try {
            return pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a predictor", e);
        }
    }

    @Override
    public void close() {
        synchronized (all) {
            all.forEach(Predictor::close);
            all.clear();
        }
        if (ownsModel) model.close();
    }

    /** Normalised floats in, logits out; each call's arrays live in the call's own NDManager. */
    private static final class ImagesTranslator implements Translator<float[], float[]> {
        @Override
        public NDList processInput(TranslatorContext ctx, float[] input) {
            int n = input.length / Mnist.PIXELS;
            return new NDList(ctx.getNDManager().create(input, new Shape(n, 1, Mnist.SIDE, Mnist.SIDE)));
        }

        @Override
        public float[] processOutput(TranslatorContext ctx, NDList list) {
            NDArray logits = list.singletonOrThrow();
            return logits.toFloatArray();
        }

        @Override
        public Batchifier getBatchifier() {
            return null;
        }
    }
}
