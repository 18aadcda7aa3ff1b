package dev.digits.internal.read;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The {@link DigitGate}'s test beside distance and confidence: a small network on all of a classifier's feature maps
 * (each channel averaged over its map, as {@code DigitClassifier.analyse} gives them, put end to
 * end and standardised): one hidden layer of ReLUs, then the probability that an input is <i>not
 * one digit</i>. The distance test only knows the digits; this one was also shown what is not one
 * (letters, scribbles, pieces of digits and touching pairs, made by {@code GateFit} from other
 * fonts and from MNIST training digits). With it the shipped gate rejects 93% of the generated
 * non-digits, against 70.5% by distance and confidence alone; a logistic regression in its place
 * reached 79% (docs/results.md).
 *
 * <p>It is fitted with DJL ({@code ProbeFit}) and run here by hand: a few thousand multiply-adds
 * per input, on features the classifier has already computed, need no engine call.
 *
 * @param mean each feature's mean over the fitting set
 * @param scale each feature's standard deviation there
 * @param hidden the hidden layer's weights, {@code [unit][feature]}, for the standardised features
 * @param hiddenBias its biases
 * @param out the output's weights, one per hidden unit
 * @param outBias the output's bias
 * @param threshold the probability above which an input is not a digit
 */
public record Probe(float[] mean, float[] scale, float[][] hidden, float[] hiddenBias, float[] out, float outBias,
        double threshold) {

    /** The log-odds of its threshold. */
    public double thresholdLogOdds() {
        return Math.log(threshold / (1 - threshold));
    }

    /** The same probe with {@code threshold}. */
    public Probe withThreshold(double threshold) {
        return new Probe(mean, scale, hidden, hiddenBias, out, outBias, threshold);
    }

    /** The features of one input, end to end. */
    public static float[] flatten(float[][] features) {
        int d = 0;
        for (float[] f : features) d += f.length;
        float[] x = new float[d];
        int at = 0;
        for (float[] f : features) {
            System.arraycopy(f, 0, x, at, f.length);
            at += f.length;
        }
        return x;
    }

    /** The probability that the input of these feature maps is not one digit. */
    public double notADigit(float[][] features) {
        return 1 / (1 + Math.exp(-logOdds(features)));
    }

    /** The log-odds that the input of these feature maps is not one digit: {@link #notADigit} before the sigmoid. */
    public double logOdds(float[][] features) {
        float[] x = flatten(features);
        if (x.length != mean.length) {
            throw new IllegalArgumentException(x.length + " features, the gate's probe " + mean.length
                    + ": the gate was fitted for another model");
        }
        for (int i = 0; i < x.length; i++) x[i] = (x[i] - mean[i]) / scale[i];
        double z = outBias;
        for (int u = 0; u < hidden.length; u++) {
            double h = hiddenBias[u];
            float[] w = hidden[u];
            for (int i = 0; i < x.length; i++) h += w[i] * x[i];
            if (h > 0) z += out[u] * h;
        }
        return z;
    }

    void write(DataOutputStream stream) throws IOException {
        stream.writeInt(mean.length);
        stream.writeInt(hidden.length);
        stream.writeFloat(outBias);
        stream.writeDouble(threshold);
        for (float v : mean) stream.writeFloat(v);
        for (float v : scale) stream.writeFloat(v);
        for (float[] w : hidden) for (float v : w) stream.writeFloat(v);
        for (float v : hiddenBias) stream.writeFloat(v);
        for (float v : out) stream.writeFloat(v);
    }

    static Probe read(DataInputStream in) throws IOException {
        int d = in.readInt();
        int units = in.readInt();
        if (d < 1 || d > 65536 || units < 1 || units > 4096) throw new IOException("bad probe sizes " + d + " x " + units);
        float outBias = in.readFloat();
        double threshold = in.readDouble();
        float[] mean = floats(in, d), scale = floats(in, d);
        float[][] hidden = new float[units][];
        for (int u = 0; u < units; u++) hidden[u] = floats(in, d);
        return new Probe(mean, scale, hidden, floats(in, units), floats(in, units), outBias, threshold);
    }

    private static float[] floats(DataInputStream in, int n) throws IOException {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = in.readFloat();
        return v;
    }
}
