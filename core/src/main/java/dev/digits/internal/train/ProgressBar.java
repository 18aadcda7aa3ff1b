package dev.digits.internal.train;

import java.io.PrintStream;

/**
 * A progress bar for one epoch with batches per second, running loss and running accuracy. On a
 * terminal it is redrawn in place; otherwise (CI logs, pipes) it prints a plain line every few
 * seconds.
 */
public final class ProgressBar {

    private static final long PLAIN_EVERY_NANOS = 10_000_000_000L;
    private static final long REDRAW_EVERY_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private long lastDraw = start;

    public ProgressBar(PrintStream out, boolean terminal, String label, int total) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
    }

    /** Whether this process writes to an interactive terminal. */
    public static boolean isTerminal() {
        return System.console() != null && System.getenv("CI") == null;
    }

    public void update(int done, double loss, double accuracy) {
        long now = System.nanoTime();
        boolean last = done == total;
        if (!last && now - lastDraw < (terminal ? REDRAW_EVERY_NANOS : PLAIN_EVERY_NANOS)) return;
        lastDraw = now;
        String line = render(done, loss, accuracy, (now - start) / 1e9);
        if (terminal) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    String render(int done, double loss, double accuracy, double seconds) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        double rate = seconds > 0 ? done / seconds : 0;
        double eta = rate > 0 ? (total - done) / rate : 0;
        return String.format("%s [%s] %d/%d %s<%s %.1f batch/s loss=%.4f acc=%.2f%%",
                label, bar, done, total, clock(seconds), clock(eta), rate, loss, accuracy);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%02d:%02d", s / 60, s % 60);
    }
}
