package dev.digits.internal.read;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Groups connected components into candidate digits, left to right, before any classification.
 * All sizes are measured against the typical digit height {@code H}: the median height of the
 * substantial components (those with at least a quarter of the largest one's pixels).
 *
 * <ol>
 *   <li><b>Underlines</b> (wider than {@value #UNDERLINE_WIDTH} H and flatter than
 *       {@value #UNDERLINE_HEIGHT} H) are dropped.
 *   <li><b>Strokes of one digit</b> are merged: two groups whose column ranges overlap by at
 *       least {@value #OVERLAP} of the narrower one, when one of them is shorter than
 *       {@value #PART_HEIGHT} H (a part, not a whole digit: a 5's cap, the left half of a 4 written
 *       in two strokes), and which together are no taller than {@value #MAX_MERGED_HEIGHT} H.
 *   <li><b>Dots and specks</b> (narrower and shorter than {@value #SPECK} H after merging) and
 *       anything smaller than {@value #MIN_AREA} of {@code H^2} are dropped.
 *   <li>What is left is ordered by the centre of its box, left to right, which keeps a slanted or
 *       slightly curved line of digits in order.
 *   <li>A picture of more than {@value #MAX_GROUPS} separate marks (noise, a texture) is read by its
 *       {@value #MAX_GROUPS} largest, after those too small to be kept.
 * </ol>
 *
 * <p>Digits that touch are one component here; {@link Splitter} cuts them with the classifier.
 */
public final class Segmenter {

    static final double UNDERLINE_WIDTH = 1.2;
    static final double UNDERLINE_HEIGHT = 0.2;
    static final double OVERLAP = 0.5;
    static final double PART_HEIGHT = 0.75;
    static final double MAX_MERGED_HEIGHT = 1.5;
    static final double SPECK = 0.3;
    static final double MIN_AREA = 0.01;
    /**
     * The most groups that are merged and read: a page of writing has far fewer, and merging is
     * cubic in them (a 2048x2048 picture of noise, 168,446 components, never finished).
     */
    static final int MAX_GROUPS = 300;

    private Segmenter() {}

    /** The candidate digits of a labelled picture, left to right, and the typical height. */
    public record Groups(List<Piece> pieces, double typicalHeight) {}

    public static Groups group(Components c) {
        List<Components.Blob> blobs = c.blobs();
        if (blobs.isEmpty()) return new Groups(List.of(), 0);
        double h = typicalHeight(blobs);

        List<Piece> groups = new ArrayList<>();
        for (Components.Blob b : blobs) {
            if (b.width() > UNDERLINE_WIDTH * h && b.height() < UNDERLINE_HEIGHT * h) continue;
            if (b.width() <= 2 && b.height() <= 2) continue; // single pixels: noise, never a stroke
            BitSet one = new BitSet();
            one.set(b.id());
            groups.add(new Piece(one, Piece.Cut.LEFT_EDGE, Piece.Cut.RIGHT_EDGE, new Box(b.x0(), b.y0(), b.width(), b.height()), b.area()));
        }
        if (groups.size() > MAX_GROUPS) groups = largest(groups, h);
        boolean merged = true;
        while (merged) {
            merged = false;
            groups.sort(Comparator.comparingInt(p -> -p.area()));
            outer:
            for (int i = 0; i < groups.size(); i++) {
                for (int j = i + 1; j < groups.size(); j++) {
                    if (belongTogether(groups.get(i).box(), groups.get(j).box(), h)) {
                        groups.set(i, union(c, groups.get(i), groups.get(j)));
                        groups.remove(j);
                        merged = true;
                        break outer;
                    }
                }
            }
        }
        List<Piece> kept = new ArrayList<>();
        for (Piece p : groups) {
            boolean speck = p.box().width() < SPECK * h && p.box().height() < SPECK * h;
            if (!speck && largeEnough(p, h)) kept.add(p);
        }
        kept.sort(Comparator.comparingDouble(p -> p.box().centreX()));
        return new Groups(List.copyOf(kept), h);
    }

    /**
     * Of more than {@link #MAX_GROUPS} groups, those that could be a digit or part of one: first
     * without the ones too small ever to be kept ({@link #MIN_AREA} of {@code h^2}), then, if still
     * too many, the largest.
     */
    static List<Piece> largest(List<Piece> groups, double h) {
        List<Piece> kept = new ArrayList<>(groups.stream().filter(p -> largeEnough(p, h)).toList());
        kept.sort(Comparator.comparingInt(p -> -p.area()));
        return kept.size() > MAX_GROUPS ? new ArrayList<>(kept.subList(0, MAX_GROUPS)) : kept;
    }

    /** Whether a group has ink enough to be kept: {@link #MIN_AREA} of {@code h^2}, merged or not. */
    private static boolean largeEnough(Piece p, double h) {
        return p.area() >= MIN_AREA * h * h;
    }

    /** The median height of the components with at least a quarter of the largest one's pixels. */
    static double typicalHeight(List<Components.Blob> blobs) {
        int largest = blobs.stream().mapToInt(Components.Blob::area).max().orElse(0);
        int[] heights = blobs.stream().filter(b -> 4L * b.area() >= largest)
                .mapToInt(Components.Blob::height).sorted().toArray();
        return heights[heights.length / 2];
    }

    /** Whether two groups are strokes of one digit (see the class comment). */
    static boolean belongTogether(Box a, Box b, double h) {
        int overlap = Math.min(a.right(), b.right()) - Math.max(a.x(), b.x());
        int narrower = Math.min(a.width(), b.width());
        if (overlap < OVERLAP * narrower) return false;
        if (Math.min(a.height(), b.height()) >= PART_HEIGHT * h) return false;
        int top = Math.min(a.y(), b.y());
        int bottom = Math.max(a.bottom(), b.bottom());
        return bottom - top <= MAX_MERGED_HEIGHT * h;
    }

    /** The piece made of both pieces' components (whole ones: neither is cut). */
    static Piece union(Components c, Piece a, Piece b) {
        BitSet ids = (BitSet) a.blobs().clone();
        ids.or(b.blobs());
        return Piece.of(c, ids);
    }
}
