package dev.digits.internal.read;

import java.util.ArrayList;
import java.util.List;

/**
 * Connected components of an ink mask, 8-connected (a diagonal step joins a stroke, as a pen's
 * thin diagonal line is often only corner-connected once thresholded).
 *
 * <p>Hand-written, in two passes with union-find: the project has no image-processing library
 * (no OpenCV; Java's own imaging has no labelling), and this is the textbook algorithm in a few
 * lines, linear in the pixels.
 *
 * @param labels the component of each pixel, row-major: -1 for paper, else an index into {@code blobs}
 * @param blobs the components, in the order of their first pixel (top to bottom, left to right)
 */
public record Components(int width, int height, int[] labels, List<Blob> blobs) {

    /** The neighbours a row-major scan has already labelled: left, upper left, up, upper right. */
    private static final int[][] BEFORE = {{-1, 0}, {-1, -1}, {0, -1}, {1, -1}};

    /** One component: its bounding box (inclusive) and its number of pixels. */
    public record Blob(int id, int x0, int y0, int x1, int y1, int area) {
        public int width() {
            return x1 - x0 + 1;
        }

        public int height() {
            return y1 - y0 + 1;
        }
    }

    /** Labels the ink of {@code map}. */
    public static Components of(InkMap map) {
        int w = map.width();
        int h = map.height();
        boolean[] mask = map.mask();
        int[] parent = new int[w * h];
        int[] label = new int[w * h];
        int next = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (!mask[i]) {
                    label[i] = -1;
                    continue;
                }
                int mine = -1;
                for (int[] d : BEFORE) {
                    int xx = x + d[0], yy = y + d[1];
                    if (xx < 0 || yy < 0 || xx >= w || !mask[yy * w + xx]) continue;
                    int other = find(parent, label[yy * w + xx]);
                    if (mine < 0) {
                        mine = other;
                    } else if (other != mine) {
                        parent[Math.max(other, mine)] = Math.min(other, mine);
                        mine = Math.min(other, mine);
                    }
                }
                if (mine < 0) {
                    parent[next] = next;
                    mine = next++;
                }
                label[i] = mine;
            }
        }
        int[] index = new int[next];
        java.util.Arrays.fill(index, -1);
        List<int[]> boxes = new ArrayList<>(); // x0, y0, x1, y1, area
        for (int i = 0; i < label.length; i++) {
            if (label[i] < 0) continue;
            int root = find(parent, label[i]);
            if (index[root] < 0) {
                index[root] = boxes.size();
                boxes.add(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, 0});
            }
            int k = index[root];
            label[i] = k;
            int[] b = boxes.get(k);
            int x = i % w, y = i / w;
            b[0] = Math.min(b[0], x);
            b[1] = Math.min(b[1], y);
            b[2] = Math.max(b[2], x);
            b[3] = Math.max(b[3], y);
            b[4]++;
        }
        List<Blob> blobs = new ArrayList<>();
        for (int k = 0; k < boxes.size(); k++) {
            int[] b = boxes.get(k);
            blobs.add(new Blob(k, b[0], b[1], b[2], b[3], b[4]));
        }
        return new Components(w, h, label, List.copyOf(blobs));
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
