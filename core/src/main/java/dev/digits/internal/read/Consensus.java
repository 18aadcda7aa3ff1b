package dev.digits.internal.read;

import dev.digits.internal.model.NumberNet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One answer from the reader's two readings of a number: its pieces, each classified and judged
 * by the gate, and the {@link StripModel}'s reading of the whole strip at once. They fail on
 * different numbers (the pieces where a cut or a join goes wrong, or where a digit cut out and
 * re-prepared looks odd to the classifier; the strip where a digit is unclear in its context), so:
 *
 * <ol>
 *   <li>when they count as many digits, each under its piece, each digit is the surest reading's:
 *       the piece's, or that of any of the strip model's networks that counts the same digits
 *       under the same pieces; a digit the gate calls not a digit stays so unless it is one of
 *       several and a network is at least {@link #SURE} of it (a picture of one thing is judged by
 *       the gate alone: the strip model has never seen a letter);
 *   <li>when they count differently (or a digit of the first network's lies under another piece),
 *       the reading whose least sure digit is surer, the pieces' or the first network's, gives the
 *       count (when the gate rejected a piece, the network must also be {@link #SURE} of every
 *       digit it reads: the gate's "not a digit" is not overruled by a count from a model that has
 *       never seen a letter): the network's, and the pieces are cut again where its digits lie (a
 *       piece holding two of them is cut between them, a piece holding none is dropped),
 *       classified and judged again, and each digit is then chosen as in 1.
 * </ol>
 * The rule and its figures are in docs/results.md (issue #14).
 */
final class Consensus {

    /** How sure the strip model must be to read a digit where the gate saw none, or to recount a number with one. */
    static final float SURE = 0.99f;

    /** Pieces, what the classifier and the gate made of each, and their prepared inputs. */
    record Judged(List<Piece> pieces, List<ReadDigit> digits, List<byte[]> inputs) {}

    private Consensus() {}

    /**
     * @param pieces the pieces as the splitter left them, judged
     * @param sequences the strip model's readings of {@code strip}, one per network; the first
     *     gives the count (rule 2), each that counts as many digits under the same pieces has its
     *     say on every digit (rule 1)
     * @param judge classifies and judges other pieces
     * @param amongOthers whether the strip is one line of several, so that even a single digit is one of a number's
     */
    static Judged of(Judged pieces, List<StripModel.Sequence> sequences, Strip strip, Components c, Function<List<Piece>, Judged> judge,
            boolean amongOthers) {
        List<StripModel.Symbol> symbols = sequences.get(0).symbols();
        if (symbols.isEmpty() || pieces.digits().isEmpty()) return pieces;
        Judged base = pieces;
        int[] under = under(pieces.pieces(), symbols, strip);
        if (!aligned(under, pieces.pieces().size())) { // another count, or as many digits but not where the pieces are
            if (least(symbols) <= leastOf(pieces.digits())) return pieces;
            if (least(symbols) < SURE && pieces.digits().stream().anyMatch(ReadDigit::notADigit)) return pieces;
            List<Piece> recut = recut(pieces.pieces(), symbols, under, strip, c);
            if (recut == null) return pieces;
            base = judge.apply(recut);
        }
        List<List<StripModel.Symbol>> others = new ArrayList<>(); // the first network's symbols are each digit's first candidate below
        for (StripModel.Sequence s : sequences.subList(1, sequences.size())) {
            if (aligned(under(base.pieces(), s.symbols(), strip), base.pieces().size())) others.add(s.symbols());
        }
        List<ReadDigit> out = new ArrayList<>();
        boolean number = amongOthers || symbols.size() > 1;
        for (int i = 0; i < symbols.size(); i++) {
            StripModel.Symbol surest = symbols.get(i);
            for (List<StripModel.Symbol> v : others) if (v.get(i).probability() > surest.probability()) surest = v.get(i);
            out.add(choose(base.digits().get(i), surest, number));
        }
        return new Judged(base.pieces(), List.copyOf(out), base.inputs());
    }

    /** {@code d} or the strip model's {@code s} in its place; {@code number}: whether it is one digit of several. */
    static ReadDigit choose(ReadDigit d, StripModel.Symbol s, boolean number) {
        boolean take = d.notADigit() ? number && s.probability() >= SURE : s.digit() != d.digit() && s.probability() > d.probability();
        return take ? new ReadDigit(d.box(), s.digit(), s.probability(), false, null, d.distance(), d.score()) : d;
    }

    /** The picture's column at the middle of a symbol's steps. */
    static double middle(StripModel.Symbol s, Strip strip) {
        return strip.pictureX((s.first() + s.last() + 1) * 0.5 * NumberNet.STEP);
    }

    /**
     * For each symbol, the piece under the middle of its steps: the one whose columns hold it (of
     * two overlapping boxes, the one whose centre is nearer), else the nearest.
     */
    static int[] under(List<Piece> pieces, List<StripModel.Symbol> symbols, Strip strip) {
        int[] out = new int[symbols.size()];
        for (int k = 0; k < out.length; k++) {
            double x = middle(symbols.get(k), strip);
            double bestGap = Double.POSITIVE_INFINITY, bestCentre = Double.POSITIVE_INFINITY;
            for (int i = 0; i < pieces.size(); i++) {
                Box b = pieces.get(i).box();
                double gap = x < b.x() ? b.x() - x : x >= b.right() ? x - b.right() + 1 : 0;
                double centre = Math.abs(x - b.centreX());
                if (gap < bestGap || (gap == bestGap && centre < bestCentre)) {
                    bestGap = gap;
                    bestCentre = centre;
                    out[k] = i;
                }
            }
        }
        return out;
    }

    /** Whether symbol k lies under piece k, for every k, and there are as many pieces as symbols (none left over). */
    private static boolean aligned(int[] under, int pieces) {
        if (under.length != pieces) return false;
        for (int k = 0; k < under.length; k++) if (under[k] != k) return false;
        return true;
    }

    /**
     * The pieces cut again to hold one of the strip model's digits each, left to right: each digit
     * goes to the piece {@link #under} it; a piece with several is cut between them, along its
     * slant; null when a cut leaves a side without ink, or a piece would be cut into more than
     * {@link Splitter#MAX_PARTS} (the splitter's own bound).
     */
    static List<Piece> recut(List<Piece> pieces, List<StripModel.Symbol> symbols, int[] under, Strip strip, Components c) {
        List<List<Double>> held = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) held.add(new ArrayList<>());
        for (int k = 0; k < under.length; k++) held.get(under[k]).add(middle(symbols.get(k), strip));
        List<Piece> out = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            List<Double> xs = held.get(i);
            if (xs.size() > Splitter.MAX_PARTS) return null;
            if (xs.size() == 1) out.add(p);
            if (xs.size() < 2) continue;
            double slant = p.slant(c, 0.5), middle = p.box().y() + p.box().height() / 2.0;
            Piece.Cut left = p.from();
            for (int k = 0; k < xs.size(); k++) {
                Piece.Cut right = k + 1 < xs.size() ? new Piece.Cut((xs.get(k) + xs.get(k + 1)) / 2 - slant * middle, slant) : p.to();
                Piece part = Piece.of(c, p.blobs(), left, right);
                if (part == null) return null;
                out.add(part);
                left = right;
            }
        }
        return out.size() == symbols.size() ? out : null;
    }

    private static float least(List<StripModel.Symbol> symbols) {
        float m = 1;
        for (StripModel.Symbol s : symbols) m = Math.min(m, s.probability());
        return m;
    }

    private static float leastOf(List<ReadDigit> digits) {
        float m = 1;
        for (ReadDigit d : digits) m = Math.min(m, d.probability());
        return m;
    }
}
