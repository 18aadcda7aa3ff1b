package dev.digits.internal.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The lines of writing in a picture, top to bottom, each left to right: two candidate digits are on
 * one line when their rows overlap by at least {@value #OVERLAP} of the shorter one's height, and a
 * line is every piece reached so from neighbour to neighbour (a slanted or slightly curved line
 * chains through its digits though its ends may share no row). Digits written under one another
 * share no rows, so 123 above 4567 is two lines, not the seven digits ordered by their centres.
 */
final class Lines {

    /** The share of the shorter piece's height that two pieces of one line have in common. */
    static final double OVERLAP = 0.25;

    private Lines() {}

    /** {@code pieces} in lines: top to bottom by their mean centre, each line left to right. */
    static List<List<Piece>> of(List<Piece> pieces) {
        int n = pieces.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (oneLine(pieces.get(i).box(), pieces.get(j).box())) parent[root(parent, i)] = root(parent, j);
            }
        }
        List<List<Piece>> lines = new ArrayList<>();
        List<Integer> roots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int r = root(parent, i);
            int k = roots.indexOf(r);
            if (k < 0) {
                roots.add(r);
                lines.add(new ArrayList<>());
                k = lines.size() - 1;
            }
            lines.get(k).add(pieces.get(i));
        }
        for (List<Piece> line : lines) line.sort(Comparator.comparingDouble(p -> p.box().centreX()));
        lines.sort(Comparator.comparingDouble(Lines::middle));
        return lines.stream().map(List::copyOf).toList();
    }

    /** Whether two boxes share rows enough to be on one line. */
    static boolean oneLine(Box a, Box b) {
        int shared = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y());
        return shared >= OVERLAP * Math.min(a.height(), b.height());
    }

    private static double middle(List<Piece> line) {
        return line.stream().mapToDouble(p -> p.box().y() + p.box().height() / 2.0).average().orElse(0);
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }
}
