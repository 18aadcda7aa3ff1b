package dev.digits.internal.read;

import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.Prediction;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the number in a picture: {@link InkMap} (ink, whatever the lighting) then
 * {@link Components} (with {@link Underlines} taken out) then {@link Segmenter} (strokes merged, specks and underlines dropped, left
 * to right) then {@link Splitter} (touching digits cut), and each piece is prepared by
 * {@link dev.digits.internal.infer.Preprocessor#toMnist} exactly as {@code predict} prepares a picture,
 * classified, and judged by the {@link DigitGate}.
 */
public final class NumberReader {

    /** What the reader found, for {@code --show-segments}: the reading and the inputs the model saw. */
    public record Detail(Reading reading, List<byte[]> inputs) {}

    private final Engine engine;
    private final DigitGate gate;

    public NumberReader(Engine engine, DigitGate gate) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    public static NumberReader of(DigitClassifier classifier, DigitGate gate) {
        return new NumberReader(Engine.of(classifier), gate);
    }

    public DigitGate gate() {
        return gate;
    }

    public Reading read(BufferedImage image) {
        return readInDetail(image).reading();
    }

    /**
     * How unlike a digit each input is, lower is better: the gate's distance from the training
     * digits (1 is a typical training digit's), plus the gate's limit when the classifier is not
     * sure of it; without gate statistics, 1 minus the top probability.
     */
    double[] oddness(List<byte[]> inputs) {
        DigitClassifier.Analysis a = engine.analyse(inputs);
        double[] q = new double[inputs.size()];
        for (int i = 0; i < q.length; i++) {
            if (!gate.measuresDistance()) {
                q[i] = 1 - a.predictions()[i].probability();
                continue;
            }
            DigitGate.Verdict v = gate.judge(a.features()[i], a.predictions()[i]);
            q[i] = v.distance() + (v.reason() == DigitGate.Reason.LOW_CONFIDENCE ? limit() : 0);
        }
        return q;
    }

    /** The oddness above which a piece is not a digit. */
    private double limit() {
        return gate.measuresDistance() ? gate.statistics().maxDistance() : 1 - DigitGate.MIN_PROBABILITY;
    }

    public Detail readInDetail(BufferedImage image) {
        InkMap ink = InkMap.of(image);
        Components c = Underlines.erase(ink, Components.of(ink));
        Segmenter.Groups groups = Segmenter.group(c);
        Splitter splitter = new Splitter(ink, c, this::oddness, limit());
        List<Piece> pieces = splitter.refine(groups.pieces(), groups.typicalHeight());
        List<byte[]> inputs = new ArrayList<>();
        for (Piece p : pieces) inputs.add(p.toMnist(ink, c));
        DigitClassifier.Analysis a = inputs.isEmpty() ? new DigitClassifier.Analysis(new Prediction[0], new float[0][][])
                : engine.analyse(inputs);
        List<ReadDigit> digits = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            Prediction p = a.predictions()[i];
            DigitGate.Verdict v = gate.judge(a.features()[i], p);
            digits.add(new ReadDigit(pieces.get(i).box(), p.digit(), p.probability(), !v.digit(), v.reason(), v.distance(), v.score()));
        }
        return new Detail(Reading.of(digits, image.getWidth(), image.getHeight()), List.copyOf(inputs));
    }
}
