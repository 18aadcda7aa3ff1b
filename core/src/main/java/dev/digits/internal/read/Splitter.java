package dev.digits.internal.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Where connected components alone get a number wrong, the classifier decides: it cuts a group
 * that is too wide for one digit (digits that touch), and joins two neighbours that are pieces of
 * one digit (a stroke broken by faint ink). Both compare the <b>oddness</b> of the pieces
 * ({@link NumberReader#oddness}): the log-odds of the gate's pieces probe, fitted on pieces of
 * written numbers cut right and wrong (for a gate without one, its distance from the training
 * digits), or more when the classifier is unsure. The constants below were chosen by distance
 * and kept for the log-odds: swept again in those units (docs/results.md), none moved the
 * reading by more than a point. The top probability alone cannot decide: a fragment of a digit
 * often looks like some digit, and the classifier is as sure of it as of a whole one.
 *
 * <p><b>Cutting</b>: a group wider than {@value #CANDIDATE} of the typical height (a 1 beside
 * another digit is hardly wider than an 8) and {@value #WIDER} times the typical width of the
 * picture's groups may be two digits that touch; so may a group wider than {@value #PAIR_WIDTH} of
 * the height whose median row crosses two strokes or more (two 1s that touch are no wider than an
 * 8). Vertical cuts are tried between a fifth and four fifths of its width ({@value #CUTS} of
 * them), and as many along the
 * slant of the group's ink when it leans more than {@value #MIN_SLANT} (slanted digits that
 * touch overlap in their columns, so that no vertical cut separates them); each of them also bent
 * around the ink ({@link InkPath}: where a 7's bar reaches over its neighbour, the straight cut
 * gives one half a piece of the other; touching numbers read on the tuning seed: 76.5% -> 82.5%).
 * Those whose halves are both at least {@link Segmenter#PART_HEIGHT} of the group's height (a
 * digit that touches another is a whole digit, not a stroke of one) are kept, both halves prepared
 * as usual and judged in one batch; the cut whose odder half is least odd wins. It is taken when
 * that half is a digit and at least {@value #GAIN} less odd than the whole (a wide, odd digit cut
 * in two gains less: by distance, a 2 cut into a 7 and a 6 in the tuning set gained 0.4, two
 * digits that touch 0.8 to 4), and always when the group is wider than {@value #FORCE} times the
 * height (no digit is). Halves that are still wide are cut again. No cut is tried for a group not
 * wider than {@value #FORCE} of the height that is a plain digit (oddness under {@value #PLAIN}: by
 * distance, the benchmark's pairs that touch were all odder), which halves the work, nor for a
 * group whose median row crosses more than {@value #MAX_STROKES} strokes (noise: cutting it into
 * strips would find "digits" in it). Ink that covers much of its box is no reason not to cut: thick strokes do.
 *
 * <p><b>Joining</b>: two neighbours at most {@value #NEAR} of the height apart, together no
 * wider than {@value #FORCE} of the height, become one when the joined piece is a digit and
 * either one of them is shorter than a part ({@link Segmenter#PART_HEIGHT}: a stroke, not a
 * whole digit), or one is narrower than {@value #FRAGMENT} of the height and the joined piece is
 * no odder than the odder of the two (two 1s stay two), or both are odd (over {@value #PLAIN}) and
 * the joined piece is less odd than either (a 0 whose ink broke into two arcs).
 */
final class Splitter {

    /** How far from its straight line a cut that follows the ink may stray, as a share of the group's height. */
    static final double BAND = 0.2;
    static final double CANDIDATE = 0.5;
    /**
     * Width (a share of the height) from which a group whose median row crosses two strokes or more
     * is also a candidate, however narrow against the typical digit: two 1s that touch, a 1 leaning
     * on a 4. 0.2-0.35 read the benchmark's numbers alike (docs/results.md).
     */
    static final double PAIR_WIDTH = 0.3;
    static final double WIDER = 1.05;
    /** How much less odd than the whole the odder half of a cut must be (for a group not over {@value #FORCE} H wide). */
    static final double GAIN = 0.75;
    /** Oddness under which a group not over {@value #FORCE} H wide is a plain digit, kept whole untried. */
    static final double PLAIN = 1.5;
    static final double FORCE = 1.3;
    static final double NEAR = 0.25;
    static final double FRAGMENT = 0.3;
    static final int CUTS = 8;
    /** Slant (dx/dy) of a group's ink from which its cuts are also tried along that slant, and the most tried. */
    static final double MIN_SLANT = 0.1, MAX_SLANT = 0.5;
    /**
     * Strokes that the median row of a group crosses above which it is noise, never cut (a line of
     * three digits that touch crosses about six; a square of noise dozens).
     */
    static final int MAX_STROKES = 8;
    /** The most digits one group may be cut into (bounds the work on a pathological picture). */
    static final int MAX_PARTS = 8;

    private final InkMap ink;
    private final Components c;
    private final Function<List<byte[]>, double[]> oddness;
    private final double digitLimit;

    /**
     * @param oddness the oddness of each of a batch of prepared 28x28 inputs (see the class comment)
     * @param digitLimit the oddness above which a piece is not a digit
     */
    Splitter(InkMap ink, Components c, Function<List<byte[]>, double[]> oddness, double digitLimit) {
        this.ink = ink;
        this.c = c;
        this.oddness = oddness;
        this.digitLimit = digitLimit;
    }

    /**
     * The typical width of one digit: the median width of the groups (digits that touch are a
     * minority of them), between 0.45 and 0.7 of the height; 0.6 of it for a single group.
     */
    static double typicalWidth(List<Piece> pieces, double h) {
        double[] w = pieces.stream().mapToDouble(p -> p.box().width()).sorted().toArray();
        double typical = w.length < 2 ? 0.6 * h : w[w.length / 2];
        return Math.max(0.45 * h, Math.min(0.7 * h, typical));
    }

    /** Joins broken digits among {@code pieces} (left to right), then cuts touching ones. */
    List<Piece> refine(List<Piece> pieces, double h) {
        List<Piece> joined = join(new ArrayList<>(pieces), h);
        double tw = typicalWidth(joined, h);
        List<Piece> out = new ArrayList<>();
        for (Piece p : joined) split(p, h, tw, out, MAX_PARTS);
        return out;
    }

    /** Whether neighbours {@code a} and {@code b} are near enough, and together narrow enough, to be one digit. */
    static boolean mayJoin(Box a, Box b, double h) {
        int width = Math.max(a.right(), b.right()) - Math.min(a.x(), b.x());
        return b.x() - a.right() <= NEAR * h && width <= FORCE * h;
    }

    /**
     * The oddness of each of {@code pieces}, judging in one batch only those not in {@code known}
     * (a piece is compared with its left neighbour, then with its right one).
     */
    private double[] oddness(List<Piece> pieces, java.util.Map<Piece, Double> known) {
        List<Piece> fresh = pieces.stream().filter(p -> !known.containsKey(p)).distinct().toList();
        if (!fresh.isEmpty()) {
            double[] q = oddness.apply(fresh.stream().map(p -> p.toMnist(ink, c)).toList());
            for (int k = 0; k < q.length; k++) known.put(fresh.get(k), q[k]);
        }
        return pieces.stream().mapToDouble(known::get).toArray();
    }

    private List<Piece> join(List<Piece> pieces, double h) {
        java.util.Map<Piece, Double> known = new java.util.HashMap<>();
        // after a join only the pairs with the joined piece are new: go on from the pair before it
        for (int i = 0; i + 1 < pieces.size(); i++) {
            Box a = pieces.get(i).box(), b = pieces.get(i + 1).box();
            boolean part = Math.min(a.height(), b.height()) < Segmenter.PART_HEIGHT * h;
            boolean narrow = Math.min(a.width(), b.width()) < FRAGMENT * h;
            if (!mayJoin(a, b, h)) continue;
            Piece union = Segmenter.union(c, pieces.get(i), pieces.get(i + 1));
            double[] q = oddness(List.of(pieces.get(i), pieces.get(i + 1), union), known);
            boolean bothOdd = Math.min(q[0], q[1]) > PLAIN; // two halves of one digit, broken by faint ink
            if (q[2] <= digitLimit && (part || (narrow && q[2] <= Math.max(q[0], q[1])) || (bothOdd && q[2] < Math.min(q[0], q[1])))) {
                pieces.set(i, union);
                pieces.remove(i + 1);
                i = Math.max(-1, i - 2);
            }
        }
        return pieces;
    }

    /** How many strokes (runs of ink) the piece's median row crosses. */
    private int strokesPerRow(Piece p) {
        Box b = p.box();
        int[] runs = new int[b.height()];
        for (int y = b.y(); y < b.bottom(); y++) {
            boolean inside = false;
            for (int x = b.x(); x < b.right(); x++) {
                boolean ink = p.contains(c, x, y);
                if (ink && !inside) runs[y - b.y()]++;
                inside = ink;
            }
        }
        Arrays.sort(runs);
        return runs[runs.length / 2];
    }

    /**
     * The cuts tried through {@code p}: vertical, and along its slant when it leans, each straight
     * and bent around the ink ({@link InkPath}, at most {@value #BAND} of the height away), each as
     * its left and right halves (see the class comment).
     */
    private List<Piece[]> cuts(Piece p) {
        List<Piece[]> cuts = new ArrayList<>();
        double slant = p.slant(c, MAX_SLANT);
        for (double s : Math.abs(slant) < MIN_SLANT ? new double[] {0} : new double[] {0, slant}) {
            double[] span = p.span(c, s);
            double margin = Math.max(1, (span[1] - span[0]) / 5);
            double step = Math.max(1, (span[1] - span[0] - 2 * margin) / CUTS);
            for (double at = span[0] + margin; at <= span[1] - margin; at += step) {
                Piece.Cut straight = new Piece.Cut(at, s);
                Piece.Cut bent = InkPath.near(p, straight, Math.max(2, (int) Math.round(BAND * p.box().height())), ink, c);
                for (Piece.Cut cut : bent.straight() ? new Piece.Cut[] {straight} : new Piece.Cut[] {straight, bent}) {
                    Piece left = Piece.of(c, p.blobs(), p.from(), cut);
                    Piece right = Piece.of(c, p.blobs(), cut, p.to());
                    if (left == null || right == null) continue;
                    // a digit that touches another is a whole digit, about as tall as the group
                    int shorter = Math.min(left.box().height(), right.box().height());
                    if (shorter < Segmenter.PART_HEIGHT * p.box().height()) continue;
                    cuts.add(new Piece[] {left, right});
                }
            }
        }
        return cuts;
    }

    /**
     * The pieces the reader weighs as one digit in {@code groups}: each group, each pair of
     * neighbours it may join, and both halves of each cut it may make through a group wider than
     * {@value #CANDIDATE} of the height (and through halves still wider than {@value #FORCE}:
     * not the cuts through joined pieces, nor every half that {@link #split} cuts again, nor the
     * narrower groups of two strokes it tries since the shipped gate was fitted): what the
     * gate's pieces probe learns to tell apart.
     */
    List<Piece> candidates(List<Piece> groups, double h) {
        List<Piece> out = new ArrayList<>(groups);
        for (int i = 0; i + 1 < groups.size(); i++) {
            if (mayJoin(groups.get(i).box(), groups.get(i + 1).box(), h)) out.add(Segmenter.union(c, groups.get(i), groups.get(i + 1)));
        }
        for (Piece g : groups) addHalves(g, h, CANDIDATE, out);
        return out;
    }

    /** The halves of the cuts through {@code p} if it is wider than {@code wider} H, and theirs if over {@value #FORCE} H. */
    private void addHalves(Piece p, double h, double wider, List<Piece> out) {
        if (p.box().width() <= wider * h) return;
        for (Piece[] cut : cuts(p)) {
            for (Piece half : cut) {
                out.add(half);
                if (wider < FORCE) addHalves(half, h, FORCE, out);
            }
        }
    }

    private void split(Piece p, double h, double tw, List<Piece> out, int budget) {
        int w = p.box().width();
        // counted once; a piece no wider than PAIR_WIDTH is returned below before its strokes matter
        int strokes = w > PAIR_WIDTH * h ? strokesPerRow(p) : 0;
        boolean candidate = (w > CANDIDATE * h && w > WIDER * tw) || (w > PAIR_WIDTH * h && strokes >= 2);
        if (budget <= 1 || (!candidate && w <= FORCE * h) || strokes > MAX_STROKES) {
            out.add(p);
            return;
        }
        byte[] whole = p.toMnist(ink, c);
        double wholeOddness = oddness.apply(List.of(whole))[0];
        if (w <= FORCE * h && wholeOddness < PLAIN) {
            out.add(p); // a plain digit, not too wide for one: no cut to try
            return;
        }
        List<Piece[]> cuts = cuts(p);
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(whole);
        for (Piece[] cut : cuts) {
            inputs.add(cut[0].toMnist(ink, c));
            inputs.add(cut[1].toMnist(ink, c));
        }
        if (cuts.isEmpty()) {
            out.add(p);
            return;
        }
        double[] q = oddness.apply(inputs);
        int best = -1;
        double bestWorse = Double.POSITIVE_INFINITY;
        for (int k = 0; k < cuts.size(); k++) {
            double worse = Math.max(q[1 + 2 * k], q[2 + 2 * k]);
            if (worse < bestWorse) {
                bestWorse = worse;
                best = k;
            }
        }
        if (w <= FORCE * h && (bestWorse > q[0] - GAIN || bestWorse > digitLimit)) {
            out.add(p);
            return;
        }
        split(cuts.get(best)[0], h, tw, out, budget - 1);
        split(cuts.get(best)[1], h, tw, out, budget - 1);
    }
}
