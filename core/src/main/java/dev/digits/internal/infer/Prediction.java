package dev.digits.internal.infer;

import dev.digits.internal.model.InputContract;
import java.util.ArrayList;
import java.util.List;

/** The model's answer for one image: the digit and the ten probabilities. */
public record Prediction(int digit, float[] probabilities) {

    /** One candidate digit with its probability. */
    public record Guess(int digit, float probability) {}

    public float probability() {
        return probabilities[digit];
    }

    /** The {@code k} most probable digits, most probable first. */
    public List<Guess> top(int k) {
        List<Guess> all = new ArrayList<>();
        for (int d = 0; d < probabilities.length; d++) all.add(new Guess(d, probabilities[d]));
        all.sort((a, b) -> Float.compare(b.probability(), a.probability()));
        return all.subList(0, Math.min(k, all.size()));
    }

    /** The answer for the logits at {@code offset}: the largest logit's digit and the softmax. */
    public static Prediction fromLogits(float[] logits, int offset) {
        return fromLogits(logits, offset, 1);
    }

    /** The answer for the logits at {@code offset}, the softmax taken at {@code temperature}. */
    public static Prediction fromLogits(float[] logits, int offset, double temperature) {
        int best = 0;
        for (int c = 1; c < InputContract.CLASSES; c++) {
            if (logits[offset + c] > logits[offset + best]) best = c;
        }
        return new Prediction(best, InputContract.softmax(logits, offset, temperature));
    }

    /** The answer for averaged probabilities (an ensemble's): the most probable digit. */
    public static Prediction fromProbabilities(float[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) best = c;
        }
        return new Prediction(best, probabilities);
    }
}
