package dev.digits.readeval;

import dev.digits.internal.data.Mnist;
import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.ImageException;
import dev.digits.internal.infer.Prediction;
import dev.digits.internal.infer.Preprocessor;
import dev.digits.internal.read.DigitGate;
import dev.digits.internal.read.Engine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How well the {@link DigitGate} separates digits from the rest: the share of MNIST test digits
 * it wrongly rejects, and the share of each kind of {@link NonDigits} it rejects.
 *
 * @param digits MNIST test digits judged
 * @param digitsRejected of them, rejected (for either reason)
 * @param digitsLowConfidence rejected for low confidence only
 * @param digitsFar rejected as far from the training data
 * @param digitsUnlike rejected by the probe
 * @param kinds per kind of non-digit: how many, how many rejected
 * @param printed digits printed in the fonts of the letters ({@link NonDigits#printedDigits}), and how many of them were rejected
 * @param maxScore the probe's threshold (NaN without one)
 */
public record GateMeasurement(int digits, int digitsRejected, int digitsLowConfidence, int digitsFar, int digitsUnlike,
        Count printed, Map<NonDigits.Kind, Count> kinds, double maxDistance, double maxScore, float minProbability) {

    /** Of {@code total} samples, {@code rejected}; {@code empty} of those had no ink at all. */
    public record Count(int total, int rejected, int empty) {
        public double share() {
            return total == 0 ? 0 : (double) rejected / total;
        }
    }

    public double falseRejection() {
        return (double) digitsRejected / digits;
    }

    /** The share of all non-digits rejected. */
    public double rejection() {
        int t = 0, r = 0;
        for (Count c : kinds.values()) {
            t += c.total();
            r += c.rejected();
        }
        return t == 0 ? 0 : (double) r / t;
    }

    public static GateMeasurement measure(DigitClassifier classifier, DigitGate gate, Mnist test, List<NonDigits.Sample> others,
            List<java.awt.image.BufferedImage> printed) {
        DigitClassifier.Analysis digits = classifier.analyse(test.images(), test.size());
        Prediction[] answers = digits.predictions();
        float[][][] features = digits.features();
        int rejected = 0, low = 0, far = 0, unlike = 0;
        for (int i = 0; i < test.size(); i++) {
            DigitGate.Verdict v = gate.judge(features[i], answers[i]);
            if (!v.digit()) {
                rejected++;
                switch (v.reason()) {
                    case LOW_CONFIDENCE -> low++;
                    case FAR_FROM_TRAINING_DATA -> far++;
                    case UNLIKE_A_DIGIT -> unlike++;
                }
            }
        }
        Map<NonDigits.Kind, int[]> counts = new EnumMap<>(NonDigits.Kind.class);
        List<byte[]> inputs = new ArrayList<>();
        List<NonDigits.Kind> kindOf = new ArrayList<>();
        for (NonDigits.Sample s : others) {
            int[] c = counts.computeIfAbsent(s.kind(), k -> new int[3]);
            c[0]++;
            try {
                inputs.add(Preprocessor.toMnist(s.image()));
                kindOf.add(s.kind());
            } catch (ImageException e) {
                if (e.reason() != ImageException.Reason.NO_INK) throw e;
                c[1]++; // nothing to read: an empty frame is not a digit
                c[2]++;
            }
        }
        boolean[] otherRejected = rejected(classifier, gate, inputs);
        for (int i = 0; i < inputs.size(); i++) if (otherRejected[i]) counts.get(kindOf.get(i))[1]++;
        Map<NonDigits.Kind, Count> kinds = new EnumMap<>(NonDigits.Kind.class);
        counts.forEach((k, c) -> kinds.put(k, new Count(c[0], c[1], c[2])));
        boolean[] printRejected = rejected(classifier, gate, printed.stream().map(Preprocessor::toMnist).toList());
        int printedRejected = 0;
        for (boolean r : printRejected) if (r) printedRejected++;
        boolean probe = gate.measuresDistance() && gate.statistics().probe() != null;
        return new GateMeasurement(test.size(), rejected, low, far, unlike, new Count(printRejected.length, printedRejected, 0), kinds,
                gate.measuresDistance() ? gate.statistics().maxDistance() : Double.NaN,
                probe ? gate.statistics().probe().threshold() : Double.NaN, DigitGate.MIN_PROBABILITY);
    }

    /** Which of the prepared {@code inputs} the gate rejects. */
    private static boolean[] rejected(DigitClassifier classifier, DigitGate gate, List<byte[]> inputs) {
        DigitClassifier.Analysis a = classifier.analyse(Engine.pack(inputs), inputs.size());
        boolean[] out = new boolean[inputs.size()];
        for (int i = 0; i < out.length; i++) out[i] = !gate.judge(a.features()[i], a.predictions()[i]).digit();
        return out;
    }

    public String markdown() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("Not a digit: top probability under %.2f", minProbability));
        if (!Double.isNaN(maxDistance)) s.append(String.format(", or distance from the training digits over %.2f", maxDistance));
        s.append(Double.isNaN(maxScore) ? ".\n\n" : String.format(", or the probe's score over %.4f.%n%n", maxScore));
        s.append("| set | images | rejected as not a digit |\n|---|---:|---:|\n");
        s.append(String.format("| MNIST test digits (false rejection) | %,d | %.2f%% (%d: %d low confidence, %d far, %d unlike a digit) |%n",
                digits, 100 * falseRejection(), digitsRejected, digitsLowConfidence, digitsFar, digitsUnlike));
        s.append(String.format("| digits printed in the letters' fonts (false rejection) | %,d | %.1f%% |%n", printed.total(), 100 * printed.share()));
        kinds.forEach((k, c) -> s.append(String.format("| non-digits: %s | %,d | %.1f%%%s |%n",
                k.name().toLowerCase(java.util.Locale.ROOT), c.total(), 100 * c.share(),
                c.empty() > 0 ? " (" + c.empty() + " with no ink)" : "")));
        int t = kinds.values().stream().mapToInt(Count::total).sum();
        s.append(String.format("| **all non-digits** | %,d | **%.1f%%** |%n", t, 100 * rejection()));
        return s.toString();
    }
}
