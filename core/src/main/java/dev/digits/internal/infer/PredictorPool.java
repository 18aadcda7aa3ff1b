package dev.digits.internal.infer;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * At most {@code size} sets of DJL predictors, one predictor per network of a {@link DigitClassifier}:
 * each call borrows a set (made on first need, else waiting for one) and gives it back. A DJL
 * predictor is not safe for two threads at once; the pool also bounds the calls that run together.
 */
final class PredictorPool {

    private final List<Model> models;
    private final int size;
    private final BlockingQueue<List<Predictor<float[], float[]>>> idle;
    private final List<List<Predictor<float[], float[]>>> all = new ArrayList<>();

    PredictorPool(List<Model> models, int size) {
        this.models = models;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    int size() {
        return size;
    }

    /** {@code call} with a set of predictors borrowed for its length. */
    <T> T with(Function<List<Predictor<float[], float[]>>, T> call) {
        List<Predictor<float[], float[]>> predictors = borrow();
        try {
            return call.apply(predictors);
        } finally {
            idle.offer(predictors);
        }
    }

    private List<Predictor<float[], float[]>> borrow() {
        List<Predictor<float[], float[]>> p = idle.poll();
        if (p != null) return p;
        synchronized (all) {
            if (all.size() < size) {
                List<Predictor<float[], float[]>> fresh = new ArrayList<>();
                for (Model model : models) fresh.add(model.newPredictor(new ImagesTranslator()));
                all.add(fresh);
                return fresh;
            }
        }
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a predictor", e);
        }
    }

    /** Frees every predictor made; for when no call is under way. */
    void close() {
        synchronized (all) {
            all.forEach(set -> set.forEach(Predictor::close));
            all.clear();
        }
    }
}
