package dev.digits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./mnist} launcher, run with a stand-in for {@code java} on the PATH: it passes the exit
 * code through, drops libtorch's NNPACK line from stderr and nothing else, passes SIGTERM on, and
 * leaves no process behind (its stderr filter used to outlive it).
 */
class MnistScriptTest {

    @TempDir
    Path tmp;

    /** A fake java: prints, then sleeps {@code $FAKE_SLEEP} seconds (TERM ends it with 7), then exits {@code $FAKE_EXIT}. */
    Process launch(String marker, String sleep, String exit) throws IOException {
        return launch(marker, sleep, exit, java.util.Map.of());
    }

    Process launch(String marker, String sleep, String exit, java.util.Map<String, String> env) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                trap 'echo "got TERM" >&2; exit ${FAKE_TERM_EXIT:-7}' TERM
                echo "out: $*"
                if [[ -n "${FAKE_KILL:-}" ]]; then kill -9 $$; fi
                echo "[W NNPACK.cpp:56] Could not initialize NNPACK! Reason: Unsupported hardware." >&2
                echo "a real error" >&2
                for ((i = 0; i < FAKE_SLEEP * 10; i++)); do sleep 0.1; done
                exit "$FAKE_EXIT"
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("./mnist", "--version", marker);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("MNIST_JAR", tmp.resolve("none.jar").toString());
        pb.environment().put("FAKE_SLEEP", sleep);
        pb.environment().put("FAKE_EXIT", exit);
        pb.environment().put("MNIST_SCRIPT_TEST", marker); // inherited by every process the script starts
        pb.environment().putAll(env);
        pb.redirectError(tmp.resolve("err.txt").toFile());
        pb.redirectOutput(tmp.resolve("out.txt").toFile());
        return pb.start();
    }

    String err() throws IOException {
        return Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    @Test
    void theExitCodeComesThroughAndOnlyTheNnpackLineIsDropped() throws Exception {
        Process p = launch("marker-exit", "0", "3");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(err()).isEqualTo("a real error\n");
        assertThat(Files.readString(tmp.resolve("out.txt"))).contains("out: ", "-Dmnist.home=", "--version marker-exit");
        assertThat(leftBehind("marker-exit")).isFalse();
    }

    @Test
    void termIsPassedOnAndNothingIsLeftBehind() throws Exception {
        Process p = launch("marker-term", "30", "0");
        for (int i = 0; i < 100 && !err().contains("a real error"); i++) Thread.sleep(100);
        assertThat(err()).as("the program under the script has started").contains("a real error");
        p.destroy(); // SIGTERM to the script
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(7);
        assertThat(err()).contains("got TERM");
        assertThat(leftBehind("marker-term")).isFalse();
    }

    @Test
    void aJavaKilledBySigkillIsOneLineOfOursNotBashsJobReport() throws Exception {
        Process p = launch("marker-kill", "0", "0", java.util.Map.of("FAKE_KILL", "1"));
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
        // (not a training: launch() runs "--version MARKER", so no --resume advice)
        assertThat(err()).doesNotContain("Killed", "line ").endsWith("error: mnist was killed (SIGKILL, often the system's"
                + " out-of-memory killer)\n");
        assertThat(leftBehind("marker-kill")).isFalse();
    }

    @Test
    void ctrlCEndsWithCtrlCsExitCodeThoughJavaGetsTerm() throws Exception {
        Process p = launch("marker-int", "30", "0", java.util.Map.of("FAKE_TERM_EXIT", "143"));
        for (int i = 0; i < 100 && !err().contains("a real error"); i++) Thread.sleep(100);
        assertThat(err()).as("the program under the script has started").contains("a real error");
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(err()).contains("got TERM");
        assertThat(p.exitValue()).isEqualTo(130);
        assertThat(leftBehind("marker-int")).isFalse();
    }

    /**
     * Whether any process started by the script (the filter included) is still running 5 s after it
     * ended (they may take a moment to exit): their environment holds the marker.
     */
    static boolean leftBehind(String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (running(marker)) {
            if (System.nanoTime() > deadline) return true;
            Thread.sleep(50);
        }
        return false;
    }

    private static boolean running(String marker) throws IOException {
        byte[] wanted = ("MNIST_SCRIPT_TEST=" + marker + "\0").getBytes(StandardCharsets.UTF_8);
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    byte[] env = Files.readAllBytes(proc.resolve("environ"));
                    if (indexOf(env, wanted) >= 0) return true;
                } catch (IOException gone) {
                    // ended meanwhile, or not ours to read
                }
            }
        }
        return false;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
