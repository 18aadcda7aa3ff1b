package dev.digits.internal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.digits.internal.model.NumberNet;
import java.util.Arrays;
import java.util.List;

/**
 * The CTC loss (Graves et al. 2006) of labelled sequences under a network's log-probabilities.
 * DJL has no CTC loss, and the recursion written in NDArray operations costs a few operations per
 * step of every sequence (autograd over hundreds of tiny calls); here the forward-backward
 * recursion runs in Java on the log-probabilities' values, and the loss comes back as a
 * surrogate, {@code sum(logp * g)}, whose gradient with respect to {@code logp} is the CTC loss's.
 */
final class Ctc {

    /**
     * @param surrogate differentiate this: its gradient is the loss's
     * @param loss the mean over the batch of each sequence's negative log-likelihood per label symbol
     */
    record Loss(NDArray surrogate, double loss) {}

    private Ctc() {}

    /**
     * {@code logp}: (batch, steps, {@link NumberNet#CLASSES}) log-probabilities, and {@code lp} their
     * values; {@code labels}: each sequence's digits. A sequence whose label cannot fit in its steps
     * adds nothing.
     */
    static Loss of(NDManager m, NDArray logp, float[] lp, List<String> labels) {
        int b = labels.size();
        int steps = (int) logp.getShape().get(1);
        float[] g = new float[lp.length];
        double total = 0;
        for (int i = 0; i < b; i++) total += one(lp, g, i * steps * NumberNet.CLASSES, steps, labels.get(i), b);
        return new Loss(logp.mul(m.create(g, logp.getShape())).sum(), total / b);
    }

    /** One sequence's loss per symbol; adds its gradient, divided by {@code batch}, into {@code g}. */
    static double one(float[] lp, float[] g, int o, int steps, String label, int batch) {
        int n = label.length(), s = 2 * n + 1, c = NumberNet.CLASSES;
        int[] ext = new int[s]; // blank, d1, blank, d2, ..., blank
        for (int k = 0; k < n; k++) ext[2 * k + 1] = label.charAt(k) - '0' + 1;
        double[][] a = new double[steps][s], z = new double[steps][s];
        for (double[] row : a) Arrays.fill(row, Double.NEGATIVE_INFINITY);
        for (double[] row : z) Arrays.fill(row, Double.NEGATIVE_INFINITY);
        a[0][0] = lp[o + ext[0]];
        if (s > 1) a[0][1] = lp[o + ext[1]];
        for (int t = 1; t < steps; t++) {
            for (int k = 0; k < s; k++) {
                double v = a[t - 1][k];
                if (k >= 1) v = add(v, a[t - 1][k - 1]);
                if (skips(ext, k)) v = add(v, a[t - 1][k - 2]);
                a[t][k] = v + lp[o + t * c + ext[k]];
            }
        }
        int last = steps - 1;
        z[last][s - 1] = lp[o + last * c + ext[s - 1]];
        if (s > 1) z[last][s - 2] = lp[o + last * c + ext[s - 2]];
        for (int t = last - 1; t >= 0; t--) {
            for (int k = 0; k < s; k++) {
                double v = z[t + 1][k];
                if (k + 1 < s) v = add(v, z[t + 1][k + 1]);
                if (k + 2 < s && skips(ext, k + 2)) v = add(v, z[t + 1][k + 2]);
                z[t][k] = v + lp[o + t * c + ext[k]];
            }
        }
        double logP = s > 1 ? add(a[last][s - 1], a[last][s - 2]) : a[last][s - 1];
        if (Double.isInfinite(logP)) return 0;
        int per = Math.max(1, n);
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < s; k++) {
                double occupancy = Math.exp(a[t][k] + z[t][k] - lp[o + t * c + ext[k]] - logP);
                g[o + t * c + ext[k]] -= (float) (occupancy / per / batch);
            }
        }
        return -logP / per;
    }

    /** Whether the path may jump from symbol k - 2 to k: k is a digit other than the one two back. */
    private static boolean skips(int[] ext, int k) {
        return k >= 2 && ext[k] != NumberNet.BLANK && ext[k] != ext[k - 2];
    }

    /** log(exp(x) + exp(y)). */
    private static double add(double x, double y) {
        if (x == Double.NEGATIVE_INFINITY) return y;
        if (y == Double.NEGATIVE_INFINITY) return x;
        double m = Math.max(x, y);
        return m + Math.log(Math.exp(x - m) + Math.exp(y - m));
    }
}
