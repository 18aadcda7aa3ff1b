package dev.digits.internal.read;

import com.google.gson.annotations.SerializedName;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.model.InputContract;
import dev.digits.internal.model.ModelException;
import dev.digits.internal.run.RunFolder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Objects;

/**
 * The open-set decision: is a prepared 28x28 input a digit at all? Three tests, any of which
 * rejects it (but see {@link Context#IN_A_NUMBER} for the distance), so that a letter, a scribble,
 * noise or a face is answered "not a digit" instead of its most likely digit:
 *
 * <ul>
 *   <li>{@link Reason#FAR_FROM_TRAINING_DATA}: its <b>distance</b> from the training digits is
 *       over the model's threshold. In each of the network's feature maps (channels averaged over
 *       the map), the Mahalanobis distance to the nearest digit class, with class means and one
 *       shared covariance of the training digits' features (Lee et al., 2018, "A simple unified
 *       framework for detecting out-of-distribution samples"), relative to a typical training
 *       digit's; the distance is the largest of them ({@link Statistics}). A network can be
 *       confident about anything, but an input unlike every training digit lands away from all
 *       ten clusters in some layer: early layers see strokes and texture, the last one shape.
 *   <li>{@link Reason#UNLIKE_A_DIGIT}: the {@link Probe}, fitted on digits and on things that are
 *       not one digit, gives it a probability of not being one over its threshold (its
 *       <b>score</b>). The distance alone let through over half of the letters: it never saw one.
 *   <li>{@link Reason#LOW_CONFIDENCE}: the top probability is under {@link #MIN_PROBABILITY}
 *       (calibrated, for a model whose model.json has a temperature: more likely wrong than right).
 * </ul>
 *
 * <p>The statistics belong to one model: {@code mnist read-gate --fit} computes them from MNIST
 * training digits and writes {@code gate.bin} into the model folder; the threshold is the
 * training digits' distance at a stated quantile. A model without one is judged by confidence
 * only. docs/results.md has the measured rates.
 */
public final class DigitGate {

    /** Top probability under which an answer is "not a digit" (low confidence). */
    public static final float MIN_PROBABILITY = 0.5f;

    private static final int MAGIC = 0x47415445; // "GATE": distance statistics only
    private static final int MAGIC_PROBE = 0x47415432; // "GAT2": and a probe
    private static final int MAGIC_PIECES = 0x47415433; // "GAT3": and a probe for the reader's pieces

    /** Why an input is not a digit. */
    public enum Reason {
        @SerializedName("low_confidence") LOW_CONFIDENCE,
        @SerializedName("far_from_training_data") FAR_FROM_TRAINING_DATA,
        @SerializedName("unlike_a_digit") UNLIKE_A_DIGIT;

        /** The reason in words, as the command line prints it: "low confidence". */
        public String words() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * The decision for one input.
     *
     * @param digit whether it is a digit
     * @param reason why not (null for a digit)
     * @param distance its distance from the training digits (NaN without statistics)
     * @param score the {@link Probe}'s probability that it is not a digit (NaN without a probe)
     */
    public record Verdict(boolean digit, Reason reason, double distance, double score) {}

    /**
     * One layer's statistics.
     *
     * @param means each class's mean feature vector (10 x d)
     * @param precision the inverse of the features' shared covariance (d x d)
     * @param scale the training digits' median distance in this layer
     */
    public record Layer(float[][] means, float[][] precision, double scale) {

        /** The Mahalanobis distance of {@code f} to the nearest class mean. */
        public double distance(float[] f) {
            int d = precision.length;
            if (f.length != d) throw new IllegalArgumentException("features have " + f.length + " values, the gate " + d);
            double best = Double.POSITIVE_INFINITY;
            double[] diff = new double[d];
            for (float[] mean : means) {
                for (int i = 0; i < d; i++) diff[i] = f[i] - mean[i];
                double q = 0;
                for (int i = 0; i < d; i++) {
                    double row = 0;
                    float[] p = precision[i];
                    for (int j = 0; j < d; j++) row += p[j] * diff[j];
                    q += diff[i] * row;
                }
                best = Math.min(best, q);
            }
            return Math.sqrt(Math.max(0, best));
        }
    }

    /**
     * A model's feature statistics, one {@link Layer} per feature map used (the last ones; the
     * shipped gates use only the last, see GateFit). The <b>distance</b> of an
     * input is the largest over the layers of its distance there divided by the layer's
     * {@link Layer#scale}: 1 is a typical training digit's, and an input beyond
     * {@code maxDistance} in any one layer is far from the training data.
     *
     * @param layers the layers' statistics, in the order of {@code DigitClassifier.features}
     * @param maxDistance the largest distance of a digit
     * @param probe the second test, or null (a gate fitted before it existed)
     * @param pieces the probe by which the reader chooses how to cut and join a written number
     *     ({@code NumberReader}), fitted also on pieces of written numbers; null for a gate fitted
     *     before it existed (the reader then goes by distance)
     */
    public record Statistics(java.util.List<Layer> layers, double maxDistance, Probe probe, Probe pieces) {

        public Statistics {
            if (pieces != null && probe == null) throw new IllegalArgumentException("a pieces probe needs the gate's probe");
        }

        public Statistics(java.util.List<Layer> layers, double maxDistance, Probe probe) {
            this(layers, maxDistance, probe, null);
        }

        /** The distance of an input's feature maps; the statistics are for the last {@code layers.size()} of them. */
        public double distance(float[][] features) {
            int skip = features.length - layers.size();
            if (skip < 0) {
                throw new IllegalArgumentException(features.length + " feature maps, the gate has " + layers.size()
                        + ": the gate was fitted for another model");
            }
            double worst = 0;
            for (int l = 0; l < layers.size(); l++) {
                worst = Math.max(worst, layers.get(l).distance(features[skip + l]) / layers.get(l).scale());
            }
            return worst;
        }

        public void write(OutputStream stream) throws IOException {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeInt(probe == null ? MAGIC : pieces == null ? MAGIC_PROBE : MAGIC_PIECES);
            out.writeInt(layers.size());
            out.writeDouble(maxDistance);
            for (Layer layer : layers) {
                out.writeInt(layer.means().length);
                out.writeInt(layer.precision().length);
                out.writeDouble(layer.scale());
                for (float[] m : layer.means()) for (float v : m) out.writeFloat(v);
                for (float[] p : layer.precision()) for (float v : p) out.writeFloat(v);
            }
            if (probe != null) probe.write(out);
            if (pieces != null) pieces.write(out);
            out.flush();
        }

        public static Statistics read(InputStream stream) throws IOException {
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream));
            int magic = in.readInt();
            if (magic != MAGIC && magic != MAGIC_PROBE && magic != MAGIC_PIECES) throw new IOException("not a gate file");
            int count = in.readInt();
            if (count < 1 || count > 1000) throw new IOException("bad layer count " + count);
            double max = in.readDouble();
            java.util.List<Layer> layers = new java.util.ArrayList<>();
            for (int l = 0; l < count; l++) {
                int classes = in.readInt();
                int d = in.readInt();
                if (classes < 1 || classes > 1000 || d < 1 || d > 4096) throw new IOException("bad sizes " + classes + " x " + d);
                double scale = in.readDouble();
                float[][] means = new float[classes][d];
                for (float[] m : means) for (int i = 0; i < d; i++) m[i] = in.readFloat();
                float[][] precision = new float[d][d];
                for (float[] p : precision) for (int i = 0; i < d; i++) p[i] = in.readFloat();
                layers.add(new Layer(means, precision, scale));
            }
            Probe probe = magic == MAGIC ? null : Probe.read(in);
            return new Statistics(java.util.List.copyOf(layers), max, probe, magic == MAGIC_PIECES ? Probe.read(in) : null);
        }
    }

    private final Statistics statistics; // null: confidence only

    public DigitGate(Statistics statistics) {
        this.statistics = statistics;
    }

    /** The gate of a model folder: its {@code gate.bin}, or confidence only when it has none. */
    public static DigitGate of(RunFolder run) {
        Objects.requireNonNull(run, "run");
        if (!Files.isRegularFile(run.gate())) return new DigitGate(null);
        try (InputStream in = Files.newInputStream(run.gate())) {
            return new DigitGate(Statistics.read(in));
        } catch (IOException e) {
            throw new ModelException(run.gate() + ": cannot read the gate (" + ModelException.why(e)
                    + "); make it again with ./mnist read-gate --fit --model " + run.dir());
        }
    }

    /** Whether this gate measures distance (the model folder had statistics). */
    public boolean measuresDistance() {
        return statistics != null;
    }

    /**
     * Fails now, in one line, when this gate (read from {@code run}) was fitted on the features of a
     * network of other widths (a gate.bin beside other weights), instead of on every later input:
     * one forward pass of a blank input through {@code classifier}, measured as every input is.
     *
     * @throws ModelException naming the folder when the gate does not fit
     */
    public void requireFits(DigitClassifier classifier, RunFolder run) {
        if (statistics == null) return;
        DigitClassifier.Analysis a = classifier.analyse(new byte[InputContract.PIXELS], 1);
        try {
            judge(a.features()[0], a.predictions()[0]);
            if (statistics.pieces() != null) statistics.pieces().logOdds(a.features()[0]);
        } catch (IllegalArgumentException e) {
            throw new ModelException(run + ": gate.bin does not fit the model: " + e.getMessage());
        }
    }

    public Statistics statistics() {
        return statistics;
    }

    /** Where an input was found, which decides how far from the training digits it may be. */
    public enum Context {
        /** A picture of one digit: {@code predict}, {@code serve}'s answers, a reading of one piece. */
        ALONE,
        /**
         * One of two or more pieces of a written number ({@link NumberReader}). Digits cut out of
         * a written number are further from MNIST's training digits than MNIST's own test digits
         * are (on the pieces of 300 benchmark numbers, 99% within 3.44 of the shipped model's
         * distance against 2.75), and the distance alone made most of the reader's "?"s; there it
         * rejects only when the probe also leans to "not a digit" ({@link #NUMBER_SCORE}).
         */
        IN_A_NUMBER
    }

    /**
     * In a number, the probe's score above which a piece far from the training digits is not a
     * digit. Chosen on the tuning seed (docs/results.md): from 0.5 to 0.95 the benchmark's separated
     * numbers gain 1.0 to 1.6 points while 0 to 2 of 377 letters between two digits are let
     * through; with no distance test in numbers, 13.
     */
    static final double NUMBER_SCORE = 0.9;

    /** The decision for one input's features and the classifier's answer for it, seen alone. */
    public Verdict judge(float[][] features, Prediction p) {
        return judge(features, p, Context.ALONE);
    }

    /** The decision for one input's features and the classifier's answer for it, found {@code where}. */
    public Verdict judge(float[][] features, Prediction p, Context where) {
        double d = statistics == null ? Double.NaN : statistics.distance(features);
        Probe probe = statistics == null ? null : statistics.probe();
        double score = probe == null ? Double.NaN : probe.notADigit(features);
        boolean far = statistics != null && d > statistics.maxDistance();
        if (far && where == Context.IN_A_NUMBER && probe != null) far = score > NUMBER_SCORE;
        if (far) return new Verdict(false, Reason.FAR_FROM_TRAINING_DATA, d, score);
        if (probe != null && score > probe.threshold()) return new Verdict(false, Reason.UNLIKE_A_DIGIT, d, score);
        if (p.probability() < MIN_PROBABILITY) return new Verdict(false, Reason.LOW_CONFIDENCE, d, score);
        return new Verdict(true, null, d, score);
    }
}
