package dev.digits.eval;

import dev.digits.data.Augmenter;
import dev.digits.data.Mnist;
import dev.digits.infer.DigitClassifier;
import dev.digits.infer.Prediction;

/**
 * A model's answers on a labelled set: mean cross-entropy, accuracy, and each image's prediction.
 *
 * @param loss       mean cross-entropy (natural log)
 * @param accuracy   percent correct
 * @param predicted  the predicted digit of each image
 * @param confidence the probability of the predicted digit
 */
public record Evaluation(double loss, double accuracy, int[] predicted, float[] confidence, byte[] labels) {

    /** Images per forward pass: 256 measured 2-4 times faster than 1,000 on this CPU (caches; docs/results.md). */
    private static final int CHUNK = 256;

    public static Evaluation of(DigitClassifier classifier, Mnist set) {
        int n = set.size();
        int[] predicted = new int[n];
        float[] confidence = new float[n];
        double lossSum = 0;
        int correct = 0;
        float[] x = new float[CHUNK * Mnist.PIXELS];
        for (int start = 0; start < n; start += CHUNK) {
            int m = Math.min(CHUNK, n - start);
            for (int k = 0; k < m; k++) {
                Augmenter.normalise(set.images(), (start + k) * Mnist.PIXELS, x, k * Mnist.PIXELS);
            }
            float[] logits = classifier.logits(m == CHUNK ? x : java.util.Arrays.copyOf(x, m * Mnist.PIXELS), m);
            for (int k = 0; k < m; k++) {
                Prediction p = Prediction.fromLogits(logits, k * 10);
                int i = start + k;
                predicted[i] = p.digit();
                confidence[i] = p.probability();
                lossSum -= Math.log(Math.max(p.probabilities()[set.label(i)], 1e-30));
                if (p.digit() == set.label(i)) correct++;
            }
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
