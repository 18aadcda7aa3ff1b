package dev.digits.infer;

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

    /** Softmax of one row of logits, in double precision. */
    public static Prediction fromLogits(float[] logits, int offset) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 10; c++) max = Math.max(max, logits[offset + c]);
        double sum = 0;
        double[] e = new double[10];
        for (int c = 0; c < 10; c++) sum += e[c] = Math.exp(logits[offset + c] - max);
        float[] p = new float[10];
        int best = 0;
        for (int c = 0; c < 10; c++) {
            p[c] = (float) (e[c] / sum);
            if (logits[offset + c] > logits[offset + best]) best = c;
        }
        return new Prediction(best, p);
    }
}
