package dev.digits.internal.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.cli.CliTest;
import dev.digits.cli.CliTest.Outcome;
import dev.digits.cli.Main;
import dev.digits.internal.run.EpochRow;
import dev.digits.internal.run.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C or SIGTERM during training: the JVM stops at the training loop's next safe point
 * ({@link Interruption}), says how to go on, leaves no crash log, and the run resumes to its end.
 */
class InterruptTest {

    @TempDir
    Path tmp;

    @Test
    void sigtermDuringTrainingEndsBetweenBatchesAndTheRunResumes() throws Exception {
        Path dir = tmp.resolve("run");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", Main.class.getName()));
        command.addAll(List.of(ResumeTest.train(dir)));
        Path log = tmp.resolve("train.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        RunFolder run = new RunFolder(dir);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.isRegularFile(run.info()) && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(10);
        Thread.sleep(200); // into the next epoch's batches
        child.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hooks run
        // it ends (the "did not stop within" check below says whether at a safe point or by the hook's deadline)
        assertThat(child.waitFor(Interruption.WAIT.toSeconds() + 30, TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(log);
        assertThat(child.exitValue()).as(printed).isEqualTo(143);
        assertThat(printed).contains("stopping at the end of the current step").doesNotContain("did not stop within");
        assertThat(printed).containsPattern("interrupted: " + java.util.regex.Pattern.quote(dir.toString())
                + " keeps its [12] completed epochs?; continue with \\./mnist train --resume ");
        assertThat(Path.of("hs_err_pid" + child.pid() + ".log")).doesNotExist(); // the JVM did not crash on its way out

        Outcome resumed = CliTest.run("train", "--resume", dir.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(EpochRow.readCsv(run.metrics())).extracting(EpochRow::epoch).containsExactly(1, 2, 3);
    }
}
