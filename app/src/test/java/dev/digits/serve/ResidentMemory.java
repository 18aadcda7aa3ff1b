package dev.digits.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peak resident memory of this JVM (Linux's VmRSS, sampled every 5 ms) above what it was
 * when watching began: the server under test runs in this JVM, so this is its memory.
 */
final class ResidentMemory {

    private final long start;
    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private ResidentMemory() {
        start = kib();
        peak.set(start);
        sampler = new Thread(() -> {
            while (running) {
                peak.accumulateAndGet(kib(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static ResidentMemory watch() {
        return new ResidentMemory();
    }

    /** Stops watching; the peak above the start, in MiB. */
    long stop() throws InterruptedException {
        running = false;
        sampler.join();
        peak.accumulateAndGet(kib(), Math::max);
        return (peak.get() - start) / 1024;
    }

    private static long kib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status: " + e.getMessage(), e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
