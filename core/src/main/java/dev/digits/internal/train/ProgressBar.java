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
    /** The terminal's columns, read once: a redraw comes ten times a second. */
    private final int columns = columns();
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

    /**
     * The terminal's width in columns: the launcher passes it ({@code -Dmnist.columns}, from
     * {@code stty}; Java cannot ask a terminal), else {@code $COLUMNS}, else 80. A redrawn line
     * longer than the terminal wraps, and each redraw then starts a new row.
     */
    static int columns() {
        return columns(System.getProperty("mnist.columns"), System.getenv("COLUMNS"));
    }

    /** The first of {@code sources} that is a positive number, else 80. */
    static int columns(String... sources) {
        for (String s : sources) {
            try {
                if (s != null && Integer.parseInt(s.strip()) > 0) return Integer.parseInt(s.strip());
            } catch (NumberFormatException ignored) {
                // not a number: the next source
            }
        }
        return 80;
    }

    public void update(int done, double loss, double accuracy) {
        long now = System.nanoTime();
        boolean last = done == total;
        if (!last && now - lastDraw < (terminal ? REDRAW_EVERY_NANOS : PLAIN_EVERY_NANOS)) return;
        lastDraw = now;
        if (terminal) {
            // ESC [K clears the rest of the row: a shorter line (the bar dropped) leaves no end of the last one behind
            out.print("\r" + render(done, loss, accuracy, (now - start) / 1e9, columns - 1) + "\033[K" + (last ? "\n" : ""));
        } else {
            out.println(render(done, loss, accuracy, (now - start) / 1e9, Integer.MAX_VALUE));
        }
        out.flush();
    }

    /** The line, at most {@code columns} characters: the bar narrows (30 at most), then goes, then the end is cut. */
    String render(int done, double loss, double accuracy, double seconds, int columns) {
        double rate = seconds > 0 ? done / seconds : 0;
        double eta = rate > 0 ? (total - done) / rate : 0;
        String figures = String.format(" %d/%d %s<%s %.1f batch/s loss=%.4f acc=%.2f%%",
                done, total, clock(seconds), clock(eta), rate, loss, accuracy);
        int width = Math.min(30, columns - label.length() - figures.length() - 3); // " [" and "]"
        if (width < 5) {
            String line = label + figures;
            return line.length() <= columns ? line : line.substring(0, Math.max(0, columns));
        }
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        return label + " [" + "#".repeat(filled) + ".".repeat(width - filled) + "]" + figures;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%02d:%02d", s / 60, s % 60);
    }
}
