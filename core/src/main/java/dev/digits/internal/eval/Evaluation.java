package dev.digits.internal.eval;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.Prediction;

/**
 * A model's answers on a labelled set: mean cross-entropy, accuracy, and each image's prediction.
 *
 * @param loss       mean cross-entropy (natural log)
 * @param accuracy   percent correct
 * @param predicted  the predicted digit of each image
 * @param confidence the probability of the predicted digit
 */
public record Evaluation(double loss, double accuracy, int[] predicted, float[] confidence, byte[] labels) {

    /**
     * Images classified between two calls of the callback of {@link #of(DigitClassifier, Mnist, Runnable)}:
     * whole batches of the classifier's, so that the batches, and the answers, are those of one call.
     */
    static final int CHUNK = 2 * DigitClassifier.BATCH;

    public static Evaluation of(DigitClassifier classifier, Mnist set) {
        return of(classifier, set, () -> { });
    }

    /** Evaluates {@code set} in chunks of {@value #CHUNK} images, calling {@code between} after each (training's safe points). */
    public static Evaluation of(DigitClassifier classifier, Mnist set, Runnable between) {
        int n = set.size();
        Prediction[] answers = new Prediction[n];
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            byte[] chunk = java.util.Arrays.copyOfRange(set.images(), from * Mnist.PIXELS, to * Mnist.PIXELS);
            System.arraycopy(classifier.classify(chunk, to - from), 0, answers, from, to - from);
            between.run();
        }
        int[] predicted = new int[n];
        float[] confidence = new float[n];
        double lossSum = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            Prediction p = answers[i];
            predicted[i] = p.digit();
            confidence[i] = p.probability();
            lossSum -= Math.log(Math.max(p.probabilities()[set.label(i)], 1e-30));
            if (p.digit() == set.label(i)) correct++;
        }
        return new Evaluation(lossSum / n, 100.0 * correct / n, predicted, confidence, set.labels());
    }

    public int size() {
        return predicted.length;
    }

    public int correct() {
        int c = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == labels[i]) c++;
        return c;
    }
}
