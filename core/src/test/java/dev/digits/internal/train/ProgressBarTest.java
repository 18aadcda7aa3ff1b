package dev.digits.internal.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bar fits the terminal: a redrawn line wider than it wraps, and every redraw then adds a row. */
class ProgressBarTest {

    final ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), true, "epoch 12/15", 430);

    @Test
    void aWideTerminalGetsTheWholeBar() {
        String line = bar.render(215, 0.5432, 98.83, 20, 200);
        assertThat(line).isEqualTo("epoch 12/15 [" + "#".repeat(15) + ".".repeat(15) + "] 215/430 00:20<00:20 10.8 batch/s loss=0.5432 acc=98.83%");
    }

    @Test
    void anEightyColumnTerminalGetsANarrowerBarAndNarrowerOnesNoneThenACut() {
        String line = bar.render(215, 0.5432, 98.83, 20, 79);
        assertThat(line).hasSize(79).contains(" [####.....] ", "acc=98.83%");
        assertThat(bar.render(430, 0.5, 99.0, 40, 79)).hasSize(79).contains("#]");
        String narrow = bar.render(215, 0.5432, 98.83, 20, 70);
        assertThat(narrow).doesNotContain("[").endsWith("acc=98.83%").hasSizeLessThanOrEqualTo(70);
        assertThat(bar.render(215, 0.5432, 98.83, 20, 40)).hasSize(40).startsWith("epoch 12/15 215/430");
    }

    @Test
    void theWidthComesFromTheLauncherElseEightyAndOnlyTheTerminalIsCut() {
        String before = System.getProperty("mnist.columns");
        try {
            System.setProperty("mnist.columns", "60");
            assertThat(ProgressBar.columns()).isEqualTo(60);
            assertThat(ProgressBar.columns("wide", "100")).isEqualTo(100);
            assertThat(ProgressBar.columns(null, "0")).isEqualTo(80);
            assertThat(ProgressBar.columns(null, null)).isEqualTo(80);
            System.setProperty("mnist.columns", "60");
            ByteArrayOutputStream terminal = new ByteArrayOutputStream();
            new ProgressBar(new PrintStream(terminal, true, StandardCharsets.UTF_8), true, "epoch 1/1", 10).update(10, 0.1, 99.5);
            assertThat(terminal.toString(StandardCharsets.UTF_8)).startsWith("\r").endsWith("\033[K\n").hasSize(1 + 59 + 3 + 1);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            new ProgressBar(new PrintStream(log, true, StandardCharsets.UTF_8), false, "epoch 1/1", 10).update(10, 0.1, 99.5);
            assertThat(log.toString(StandardCharsets.UTF_8).strip()).contains("[" + "#".repeat(30) + "]");
        } finally {
            if (before == null) System.clearProperty("mnist.columns");
            else System.setProperty("mnist.columns", before);
        }
    }
}
