package dev.digits.internal.model;

/**
 * Test-time augmentation: a model may read each digit several times, moved by one pixel each
 * time, and answer with the mean of the probabilities. {@code count} views: 1 (the image as it
 * is), 5 (and moved left, right, up, down) or 9 (and the four diagonal moves). Moves fill with
 * background. On the best preset's three seeds, 9 views raised MNIST test accuracy by 0.02-0.05
 * points, at 9 times the inference work (docs/results.md).
 */
public record Views(int count) {

    /** The image as it is: no test-time augmentation. */
    public static final Views ONE = new Views(1);

    /** Pixel moves (dx, dy) in order; the first {@code count} are used. */
    private static final int[][] MOVES = {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, -1}, {1, -1}, {-1, 1}};

    public Views {
        if (count != 1 && count != 5 && count != 9) {
            throw new IllegalArgumentException("views must be 1, 5 or 9, got " + count);
        }
    }

    /** {@code views} as saved in model.json: null (absent) means one. */
    public static Views of(Integer views) {
        return views == null ? ONE : new Views(views);
    }

    /**
     * View {@code v} of the {@value InputContract#PIXELS} bytes at {@code src}: moved by its
     * (dx, dy), written into {@code dst} at {@code at}.
     */
    public void write(int v, byte[] images, int src, byte[] dst, int at) {
        int dx = MOVES[v][0];
        int dy = MOVES[v][1];
        int side = InputContract.SIDE;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int sx = x - dx;
                int sy = y - dy;
                dst[at + y * side + x] = sx < 0 || sy < 0 || sx >= side || sy >= side ? 0 : images[src + sy * side + sx];
            }
        }
    }
}
