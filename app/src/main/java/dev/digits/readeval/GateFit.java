package dev.digits.readeval;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.read.DigitGate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Fits a model's {@link DigitGate} statistics on MNIST training digits: the network's features
 * for a sample of them, each class's mean, the inverse of their shared covariance (commons-math,
 * with a small ridge so that it is always invertible), and the threshold: the distance that a
 * given share of the sampled training digits do not exceed.
 */
public final class GateFit {

    /** Added to the covariance's diagonal, relative to its mean variance. */
    static final double RIDGE = 1e-3;
    /** How many of the network's feature maps, counted from the last, the gate uses. */
    static final int USED = 1;

    private GateFit() {}

    /**
     * @param train the training set (never the test set: that measures the gate)
     * @param sample how many training digits to fit on (chosen by {@code seed})
     * @param quantile the share of the sampled training digits within the threshold, such as 0.998
     */
    public static DigitGate.Statistics fit(DigitClassifier classifier, Mnist train, int sample, double quantile, long seed) {
        int n = Math.min(sample, train.size());
        int[] pick = new Random(seed).ints(0, train.size()).distinct().limit(n).toArray();
        Mnist set = train.subset(pick);
        float[][][] f = classifier.analyse(set.images(), n).features();
        List<DigitGate.Layer> layers = new ArrayList<>();
        // the last feature map only: adding the earlier ones (the stem's, each block's) rejected
        // fewer non-digits at the same false rejection (68.8% against 70.5%; docs/results.md)
        for (int l = f[0].length - USED; l < f[0].length; l++) {
            float[][] x = new float[n][];
            for (int i = 0; i < n; i++) x[i] = f[i][l];
            layers.add(layer(x, set));
        }
        DigitGate.Statistics open = new DigitGate.Statistics(List.copyOf(layers), Double.POSITIVE_INFINITY);
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) dist[i] = open.distance(f[i]);
        Arrays.sort(dist);
        double max = dist[Math.min(n - 1, (int) Math.ceil(quantile * n) - 1)];
        return new DigitGate.Statistics(List.copyOf(layers), max);
    }

    /** One layer: class means, shared covariance inverted, the median distance as its scale. */
    static DigitGate.Layer layer(float[][] f, Mnist set) {
        int n = f.length;
        int d = f[0].length;
        double[][] sums = new double[10][d];
        int[] counts = new int[10];
        for (int i = 0; i < n; i++) {
            int c = set.label(i);
            counts[c]++;
            for (int j = 0; j < d; j++) sums[c][j] += f[i][j];
        }
        float[][] means = new float[10][d];
        for (int c = 0; c < 10; c++) {
            for (int j = 0; j < d; j++) means[c][j] = (float) (sums[c][j] / Math.max(1, counts[c]));
        }
        double[][] cov = new double[d][d];
        double[] diff = new double[d];
        for (int i = 0; i < n; i++) {
            float[] m = means[set.label(i)];
            for (int j = 0; j < d; j++) diff[j] = f[i][j] - m[j];
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) cov[a][b] += diff[a] * diff[b];
            }
        }
        double trace = 0;
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= n;
                cov[b][a] = cov[a][b];
            }
            trace += cov[a][a];
        }
        for (int a = 0; a < d; a++) cov[a][a] += RIDGE * trace / d + 1e-12;
        RealMatrix inverse = new LUDecomposition(new Array2DRowRealMatrix(cov, false)).getSolver().getInverse();
        float[][] precision = new float[d][d];
        for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) precision[a][b] = (float) inverse.getEntry(a, b);
        DigitGate.Layer unscaled = new DigitGate.Layer(means, precision, 1);
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) dist[i] = unscaled.distance(f[i]);
        Arrays.sort(dist);
        return new DigitGate.Layer(means, precision, Math.max(1e-9, dist[n / 2]));
    }
}
