package dev.digits.internal.read;

import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.ImageDecoder;
import dev.digits.internal.infer.Prediction;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the number in a picture: {@link InkMap} (ink, whatever the lighting) then
 * {@link Components} (with {@link Underlines} taken out) then {@link Segmenter} (strokes merged, specks and underlines dropped)
 * then {@link Lines} (top to bottom, each left to right) then, line by line, {@link Splitter} (touching digits cut), and each piece is prepared by
 * {@link dev.digits.internal.infer.Preprocessor#toMnist} as {@code predict} prepares a clean picture of one digit,
 * classified, and judged by the {@link DigitGate}.
 */
public final class NumberReader {

    /** What the reader found, for {@code --show-segments}: the reading and the inputs the model saw. */
    public record Detail(Reading reading, List<byte[]> inputs) {}

    private final Engine engine;
    private final DigitGate gate;
    private final StripModel strips;

    /** {@code strips}: the whole-number reader that the pieces' reading is checked against ({@link Consensus}); null for none. */
    public NumberReader(Engine engine, DigitGate gate, StripModel strips) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.strips = strips;
    }

    public static NumberReader of(DigitClassifier classifier, DigitGate gate) {
        return of(classifier, gate, null);
    }

    public static NumberReader of(DigitClassifier classifier, DigitGate gate, StripModel strips) {
        return new NumberReader(Engine.of(classifier), gate, strips);
    }

    public DigitGate gate() {
        return gate;
    }

    public Reading read(BufferedImage image) {
        return readInDetail(image).reading();
    }

    /**
     * How unlike one digit each input is, lower is better, in one of three measures (whichever the
     * model's gate has): the log-odds of its <b>pieces probe</b> ({@link DigitGate.Statistics#pieces},
     * fitted on pieces of written numbers cut right and wrong), else the gate's distance from the
     * training digits (1 is a typical training digit's), else 1 minus the top probability; over
     * the limit ({@link #limit}) when the classifier is not sure of it (by distance: the limit
     * added, unless already too far; by log-odds: the limit plus one plus any positive log-odds).
     * On the pieces of 200 numbers written with test digits, the pieces probe tells a whole digit
     * from a wrong piece far better than the distance does (area under the ROC curve 0.988
     * against 0.83); the benchmark's figures with and without it are in docs/results.md.
     */
    double[] oddness(List<byte[]> inputs) {
        DigitClassifier.Analysis a = engine.analyse(inputs);
        DigitGate.Statistics s = gate.statistics();
        double[] q = new double[inputs.size()];
        for (int i = 0; i < q.length; i++) {
            Prediction p = a.predictions()[i];
            if (s == null) {
                q[i] = 1 - p.probability();
                continue;
            }
            if (s.pieces() != null) {
                // log-odds can be negative: an unsure piece is put above the limit, in order
                double z = s.pieces().logOdds(a.features()[i]);
                q[i] = p.probability() < DigitGate.MIN_PROBABILITY ? limit() + 1 + Math.max(0, z) : z;
                continue;
            }
            DigitGate.Verdict v = gate.judge(a.features()[i], p);
            q[i] = v.distance() + (v.reason() == DigitGate.Reason.LOW_CONFIDENCE ? limit() : 0);
        }
        return q;
    }

    /** The oddness above which a piece is not a digit: the pieces probe's threshold, the gate's distance, or confidence's. */
    private double limit() {
        DigitGate.Statistics s = gate.statistics();
        if (s == null) return 1 - DigitGate.MIN_PROBABILITY;
        return s.pieces() != null ? s.pieces().thresholdLogOdds() : s.maxDistance();
    }

    /**
     * A piece of a picture that the reader may weigh as one digit: its box, the pixels of its ink
     * (row-major indices) and its prepared input.
     */
    public record Candidate(Box box, int[] pixels, byte[] input) {}

    /**
     * The pieces the reader weighs as one digit in {@code image} ({@link Splitter#candidates}:
     * most of them; not the cuts of joined pieces), whether or not it keeps them: what the gate's
     * pieces probe is fitted on, told apart by where the digits really are.
     */
    public static List<Candidate> candidates(BufferedImage image) {
        Page page = Page.of(image);
        InkMap ink = page.ink();
        Components c = page.components();
        Splitter splitter = new Splitter(ink, c, q -> new double[q.size()], 0);
        List<Candidate> out = new ArrayList<>();
        for (Piece p : splitter.candidates(page.groups().pieces(), page.groups().typicalHeight())) {
            Box b = p.box();
            java.util.stream.IntStream.Builder pixels = java.util.stream.IntStream.builder();
            for (int y = b.y(); y < b.bottom(); y++) {
                for (int x = b.x(); x < b.right(); x++) if (p.contains(c, x, y)) pixels.add(y * c.width() + x);
            }
            try {
                out.add(new Candidate(b, pixels.build().toArray(), p.toMnist(ink, c)));
            } catch (dev.digits.internal.infer.ImageException e) {
                // a piece too faint to prepare is never read either
            }
        }
        return out;
    }

    /** A picture's ink, its components with underlines taken out, and their groups. */
    record Page(InkMap ink, Components components, Segmenter.Groups groups) {
        static Page of(BufferedImage image) {
            InkMap ink = InkMap.of(image);
            Components c = Underlines.erase(ink, Components.of(ink));
            return new Page(ink, c, Segmenter.group(c));
        }
    }

    /** Reads each line of writing ({@link Lines}) as a number of its own, top to bottom. */
    public Detail readInDetail(BufferedImage image) {
        Page page = Page.of(image);
        InkMap ink = page.ink();
        Components c = page.components();
        Splitter splitter = new Splitter(ink, c, this::oddness, limit());
        List<List<ReadDigit>> lines = new ArrayList<>();
        List<byte[]> inputs = new ArrayList<>();
        List<List<Piece>> written = Lines.of(page.groups().pieces(), page.groups().typicalHeight());
        boolean several = written.size() > 1; // a digit alone on its line is still one of a page's
        for (List<Piece> line : written) {
            List<Piece> pieces = splitter.refine(line, page.groups().typicalHeight());
            Consensus.Judged judged = judge(pieces, ink, c, several);
            if (strips != null && !pieces.isEmpty()) {
                Strip strip = Strip.of(ink, c, line);
                judged = Consensus.of(judged, strips.read(strip), strip, c, p -> judge(p, ink, c, several), several);
            }
            lines.add(judged.digits());
            inputs.addAll(judged.inputs());
        }
        Dimension source = ImageDecoder.sourceSize(image); // boxes in the picture's own pixels, however decoded
        return new Detail(Reading.of(lines, image.getWidth(), image.getHeight()).inPixelsOf(source.width, source.height),
                List.copyOf(inputs));
    }

    /** Each piece prepared, classified and judged by the gate; {@code several}: whether the picture holds more than one line. */
    private Consensus.Judged judge(List<Piece> pieces, InkMap ink, Components c, boolean several) {
        List<byte[]> inputs = new ArrayList<>();
        for (Piece p : pieces) inputs.add(p.toMnist(ink, c));
        DigitClassifier.Analysis a = inputs.isEmpty() ? new DigitClassifier.Analysis(new Prediction[0], new float[0][][])
                : engine.analyse(inputs);
        List<ReadDigit> digits = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            Prediction p = a.predictions()[i];
            DigitGate.Verdict v = gate.judge(a.features()[i], p, several || pieces.size() > 1 ? DigitGate.Context.IN_A_NUMBER : DigitGate.Context.ALONE);
            digits.add(new ReadDigit(pieces.get(i).box(), p.digit(), p.probability(), !v.digit(), v.reason(), v.distance(), v.score()));
        }
        return new Consensus.Judged(List.copyOf(pieces), List.copyOf(digits), List.copyOf(inputs));
    }
}
