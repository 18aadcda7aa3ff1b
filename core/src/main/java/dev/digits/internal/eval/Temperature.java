package dev.digits.internal.eval;

import dev.digits.internal.infer.Prediction;
import dev.digits.internal.model.InputContract;

/**
 * Temperature scaling (Guo et al., 2017, "On calibration of modern neural networks"): the one
 * number by which a network's logits are divided so that its probabilities mean what they say,
 * fitted on held-out digits by the least mean negative log-likelihood. The answers do not change.
 * Trained with label smoothing, the project's networks say about 90% for digits they get right
 * 99.6% of the time; their temperature is about 0.5.
 *
 * @param value the temperature fitted
 * @param lossBefore the mean negative log-likelihood of the held-out digits at the old temperature
 * @param lossAfter and at the fitted one
 * @param eceBefore the expected calibration error (percent, {@link Calibration}) at the old temperature
 * @param eceAfter and at the fitted one
 */
public record Temperature(double value, double lossBefore, double lossAfter, double eceBefore, double eceAfter) {

    /** The range searched. */
    static final double LOWEST = 0.05, HIGHEST = 20;

    /**
     * Whether the fit ran to an end of its range: held-out answers all (or nearly all) right keep
     * the loss falling as the temperature does, and say nothing about how sure the model should be.
     */
    public boolean atBound() {
        return value < LOWEST * 1.01 || value > HIGHEST * 0.99;
    }

    /**
     * Fits the temperature of a network whose answers for held-out digits were given at
     * temperature {@code current}: their log-probabilities times {@code current} are its logits
     * less a constant per digit, which the softmax does not see.
     */
    public static Temperature fit(Prediction[] answers, byte[] labels, double current) {
        if (answers.length == 0 || answers.length != labels.length) {
            throw new IllegalArgumentException(answers.length + " answers for " + labels.length + " labels");
        }
        double[][] logits = new double[answers.length][InputContract.CLASSES];
        for (int i = 0; i < answers.length; i++) {
            float[] p = answers[i].probabilities();
            for (int c = 0; c < InputContract.CLASSES; c++) logits[i][c] = current * Math.log(Math.max(p[c], Float.MIN_VALUE));
        }
        // golden-section search on log T: the loss is convex in 1/T, so it has one minimum on the way
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = Math.log(LOWEST), b = Math.log(HIGHEST);
        double c = b - phi * (b - a), d = a + phi * (b - a);
        double fc = loss(logits, labels, Math.exp(c)), fd = loss(logits, labels, Math.exp(d));
        for (int k = 0; k < 80; k++) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - phi * (b - a);
                fc = loss(logits, labels, Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + phi * (b - a);
                fd = loss(logits, labels, Math.exp(d));
            }
        }
        double t = Math.exp((a + b) / 2);
        return new Temperature(t, loss(logits, labels, current), loss(logits, labels, t), ece(logits, labels, current),
                ece(logits, labels, t));
    }

    /** The mean negative log-likelihood of the labels at temperature {@code t}. */
    static double loss(double[][] logits, byte[] labels, double t) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double z : logits[i]) max = Math.max(max, z / t);
            double norm = 0;
            for (double z : logits[i]) norm += Math.exp(z / t - max);
            sum -= logits[i][labels[i]] / t - max - Math.log(norm);
        }
        return sum / logits.length;
    }

    private static double ece(double[][] logits, byte[] labels, double t) {
        float[] confidence = new float[logits.length];
        boolean[] correct = new boolean[logits.length];
        float[] z = new float[InputContract.CLASSES];
        for (int i = 0; i < logits.length; i++) {
            for (int c = 0; c < z.length; c++) z[c] = (float) logits[i][c];
            Prediction p = Prediction.fromLogits(z, 0, t);
            confidence[i] = p.probability();
            correct[i] = p.digit() == labels[i];
        }
        return Calibration.of(confidence, correct, Calibration.BINS).ece();
    }
}
