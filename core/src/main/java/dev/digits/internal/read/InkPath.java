package dev.digits.internal.read;

/**
 * A cut that follows the ink: near a straight cut through a group of touching digits, the path
 * from the group's top row to its bottom row that crosses the least ink, moving at most one
 * column a row and at most {@code band} columns from the straight line. Touching digits overlap
 * in their columns (a 7's bar over the next digit's top, a 2's tail under it), so a straight cut
 * gives one half a piece of the other; the path goes around it and through the few pixels where
 * they touch. Hand-written: dynamic programming over the rows (as in the "shortest path"
 * segmentation of handwritten numerals): rows times (2 band + 1) times 3 steps a cut, some
 * tens of thousands for a large digit. A path that never strays is the straight cut.
 */
final class InkPath {

    /** What a column away from the straight line costs, in ink (0..255) per row: a tie-breaker. */
    static final double STRAY = 2;

    private InkPath() {}

    /**
     * The cut near {@code line} through {@code p} that crosses the least of its ink (the cost of a
     * row is the ink of the first pixel right of the cut).
     */
    static Piece.Cut near(Piece p, Piece.Cut line, int band, InkMap ink, Components c) {
        Box b = p.box();
        int rows = b.height(), width = 2 * band + 1;
        double[] cost = new double[width], next = new double[width];
        int[][] from = new int[rows][width];
        int[] left = new int[rows]; // the first column of each row's window
        for (int r = 0; r < rows; r++) {
            int y = b.y() + r;
            left[r] = line.lineColumn(y) - band;
            for (int k = 0; k < width; k++) {
                int x = left[r] + k;
                double here = (x >= 0 && x < c.width() && p.contains(c, x, y) ? ink.ink()[y * ink.width() + x] : 0)
                        + STRAY * Math.abs(k - band);
                if (r == 0) {
                    next[k] = here;
                    continue;
                }
                double best = Double.POSITIVE_INFINITY;
                for (int dx = -1; dx <= 1; dx++) {
                    int j = x + dx - left[r - 1];
                    if (j >= 0 && j < width && cost[j] < best) {
                        best = cost[j];
                        from[r][k] = j;
                    }
                }
                next[k] = here + best;
            }
            double[] t = cost;
            cost = next;
            next = t;
        }
        int k = 0;
        for (int j = 1; j < width; j++) if (cost[j] < cost[k]) k = j;
        int[] path = new int[rows];
        for (int r = rows - 1; r >= 0; r--) {
            path[r] = left[r] + k;
            k = from[r][k];
        }
        return new Piece.Cut(line.at(), line.slant(), b.y(), path);
    }
}
