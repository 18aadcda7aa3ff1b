package dev.digits.internal.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The lines of writing in a picture, top to bottom, each left to right. Whole digits (at least
 * {@link Segmenter#PART_HEIGHT} of the typical height tall) make the lines: two are on one line
 * when their rows overlap by at least {@value #OVERLAP} of the shorter one's height, and a line is
 * every digit reached so from neighbour to neighbour (a slanted or curved line chains through its
 * digits though its ends may share no row; a digit written high in its line still shares a tenth
 * of its rows). Digits written under one another share no rows, so 123 above 4567 is two lines,
 * not the seven digits ordered by their centres. A shorter piece (a 5's flag written apart, a
 * small digit set high, a mark) never starts a line: it joins the line nearest its centre.
 */
final class Lines {

    /** The share of the shorter digit's height that two digits of one line have in common. */
    static final double OVERLAP = 0.1;

    private Lines() {}

    /** {@code pieces} in lines: top to bottom by their digits' mean centre, each line left to right; {@code h}: the typical height. */
    static List<List<Piece>> of(List<Piece> pieces, double h) {
        List<Piece> whole = pieces.stream().filter(p -> p.box().height() >= Segmenter.PART_HEIGHT * h).toList();
        if (whole.isEmpty()) return pieces.isEmpty() ? List.of() : List.of(leftToRight(new ArrayList<>(pieces)));
        int n = whole.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (oneLine(whole.get(i).box(), whole.get(j).box())) parent[root(parent, i)] = root(parent, j);
            }
        }
        List<List<Piece>> lines = new ArrayList<>();
        List<Integer> roots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = roots.indexOf(root(parent, i));
            if (k < 0) {
                roots.add(root(parent, i));
                lines.add(new ArrayList<>());
                k = lines.size() - 1;
            }
            lines.get(k).add(whole.get(i));
        }
        lines.sort(Comparator.comparingDouble(Lines::middle));
        List<double[]> rows = lines.stream().map(Lines::rows).toList(); // of the whole digits only
        for (Piece p : pieces) {
            if (whole.contains(p)) continue;
            double y = p.box().y() + p.box().height() / 2.0;
            int nearest = 0;
            for (int k = 1; k < lines.size(); k++) if (distance(y, rows.get(k)) < distance(y, rows.get(nearest))) nearest = k;
            lines.get(nearest).add(p);
        }
        return lines.stream().map(Lines::leftToRight).toList();
    }

    /** Whether two digits' boxes share rows enough to be on one line. */
    static boolean oneLine(Box a, Box b) {
        int shared = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y());
        return shared > 0 && shared >= OVERLAP * Math.min(a.height(), b.height());
    }

    private static List<Piece> leftToRight(List<Piece> line) {
        line.sort(Comparator.comparingDouble(p -> p.box().centreX()));
        return List.copyOf(line);
    }

    private static double middle(List<Piece> line) {
        return line.stream().mapToDouble(p -> p.box().y() + p.box().height() / 2.0).average().orElse(0);
    }

    /** The rows a line's digits span: top and bottom. */
    private static double[] rows(List<Piece> line) {
        return new double[] {line.stream().mapToInt(p -> p.box().y()).min().orElse(0),
                line.stream().mapToInt(p -> p.box().bottom()).max().orElse(0)};
    }

    /** How far row {@code y} is from a line's rows: 0 within them. */
    private static double distance(double y, double[] rows) {
        return Math.max(0, Math.max(rows[0] - y, y - rows[1]));
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }
}
