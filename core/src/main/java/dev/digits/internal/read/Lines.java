package dev.digits.internal.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The lines of writing in a picture, top to bottom, each left to right. Whole digits (at least
 * {@link Segmenter#PART_HEIGHT} of the typical height {@code H} tall) make the lines: two are
 * neighbours on one line when they stand side by side (the gap between them at most {@value #NEAR}
 * H, and not stacked: columns shared by half the narrower one's width with under half the shorter
 * one's rows) and their rows overlap by at least {@value #OVERLAP} of the shorter one's height; a line is every digit reached so from
 * neighbour to neighbour. So a slanted or curved line chains through its digits though its ends
 * share no row, a digit written high stays in its line, and two lines, even slanted ones whose far
 * ends share rows, stay two: 123 above 4567 is not the seven digits ordered by their centres. A
 * shorter piece links its neighbours as a digit does (a short 5 between two whole digits keeps their
 * line whole), but never makes a line of its own: pieces linked to no whole digit (a 5's flag
 * written apart above it, a mark) join the line of the whole digit nearest to them. Lines side by
 * side (sharing rows but no columns: two numbers far apart on one line, one written higher) are
 * ordered left to right, other lines top to bottom.
 */
final class Lines {

    /** The share of the shorter digit's height that two neighbours on one line have in common. */
    static final double OVERLAP = 0.1;
    /** The widest gap, in typical heights, between two neighbours on one line. */
    static final double NEAR = 1.5;

    private Lines() {}

    /** {@code pieces} in lines, in reading order, each left to right; {@code h}: the typical height. */
    static List<List<Piece>> of(List<Piece> pieces, double h) {
        if (pieces.isEmpty()) return List.of();
        // every piece links to its neighbours, so that a shorter digit between two whole ones keeps
        // their line whole; a group with no whole digit in it is not a line of its own
        int[] group = components(pieces.size(), (i, j) -> neighbours(pieces.get(i).box(), pieces.get(j).box(), h));
        List<Integer> whole = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) if (pieces.get(i).box().height() >= Segmenter.PART_HEIGHT * h) whole.add(i);
        if (whole.isEmpty()) return List.of(leftToRight(pieces));
        int[] line = new int[pieces.size()];
        for (int i = 0; i < pieces.size(); i++) {
            int own = group[i];
            int home = i;
            if (whole.stream().noneMatch(k -> group[k] == own)) { // the nearest whole digit's line
                home = whole.get(0);
                for (int k : whole) if (distance(pieces.get(i).box(), pieces.get(k).box()) < distance(pieces.get(i).box(), pieces.get(home).box())) home = k;
            }
            line[i] = group[home];
        }
        List<List<Piece>> lines = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            int k = ids.indexOf(line[i]);
            if (k < 0) {
                ids.add(line[i]);
                lines.add(new ArrayList<>());
                k = lines.size() - 1;
            }
            lines.get(k).add(pieces.get(i));
        }
        return readingOrder(lines).stream().map(Lines::leftToRight).toList();
    }

    /** Whether two pieces are neighbours on one line (see the class comment). */
    static boolean neighbours(Box a, Box b, double h) {
        int rows = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y());
        int columns = Math.min(a.right(), b.right()) - Math.max(a.x(), b.x());
        int gap = -columns; // between them, when their columns do not overlap
        int shorter = Math.min(a.height(), b.height());
        boolean stacked = columns >= 0.5 * Math.min(a.width(), b.width()) && rows < 0.5 * shorter;
        return rows > 0 && rows >= OVERLAP * shorter && !stacked && gap <= NEAR * h;
    }

    /** Top to bottom by the lines' rows; lines side by side (sharing rows, not columns: numbers far apart) left to right. */
    private static List<List<Piece>> readingOrder(List<List<Piece>> lines) {
        List<int[]> rows = lines.stream().map(l -> new int[] {l.stream().mapToInt(p -> p.box().y()).min().orElse(0),
                l.stream().mapToInt(p -> p.box().bottom()).max().orElse(0)}).toList();
        List<int[]> columns = lines.stream().map(l -> new int[] {l.stream().mapToInt(p -> p.box().x()).min().orElse(0),
                l.stream().mapToInt(p -> p.box().right()).max().orElse(0)}).toList();
        int[] band = components(lines.size(), (i, j) ->
                Math.min(rows.get(i)[1], rows.get(j)[1]) > Math.max(rows.get(i)[0], rows.get(j)[0])
                        && Math.min(columns.get(i)[1], columns.get(j)[1]) <= Math.max(columns.get(i)[0], columns.get(j)[0]));
        double[] bandTop = new double[lines.size()];
        java.util.Arrays.fill(bandTop, Double.MAX_VALUE);
        for (int i = 0; i < lines.size(); i++) bandTop[band[i]] = Math.min(bandTop[band[i]], rows.get(i)[0]);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) order.add(i);
        order.sort(Comparator.<Integer>comparingDouble(i -> bandTop[band[i]]).thenComparingInt(i -> band[i])
                .thenComparingInt(i -> lines.get(i).stream().mapToInt(p -> p.box().x()).min().orElse(0)));
        return order.stream().map(lines::get).toList();
    }

    /** For each of {@code n} items, a representative of the group that {@code linked} chains it into. */
    private static int[] components(int n, java.util.function.BiPredicate<Integer, Integer> linked) {
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) if (linked.test(i, j)) parent[root(parent, i)] = root(parent, j);
        }
        for (int i = 0; i < n; i++) parent[i] = root(parent, i);
        return parent;
    }

    private static List<Piece> leftToRight(List<Piece> line) {
        List<Piece> sorted = new ArrayList<>(line);
        sorted.sort(Comparator.comparingDouble(p -> p.box().centreX()));
        return List.copyOf(sorted);
    }

    /** The distance between two boxes: 0 when they overlap. */
    private static double distance(Box a, Box b) {
        int dx = Math.max(0, Math.max(a.x() - b.right(), b.x() - a.right()));
        int dy = Math.max(0, Math.max(a.y() - b.bottom(), b.y() - a.bottom()));
        return Math.hypot(dx, dy);
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }
}
