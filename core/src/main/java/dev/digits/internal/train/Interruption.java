package dev.digits.internal.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Ends a training run stopped by Ctrl-C or SIGTERM between two engine calls. The JVM used to exit
 * while libtorch could be inside a kernel on the training thread; once (the report's network, in
 * float32, the eighth session) the native library then crashed the JVM on its way out (a SIGSEGV in
 * oneDNN and an {@code hs_err_pid*.log} in the working folder; the run folder was intact, its files
 * being written whole). Now the shutdown hook asks the training loop to stop and waits, up to
 * {@link #WAIT}, for its next safe point (before a batch, between chunks of an evaluation, after an
 * epoch's files are saved), where the training thread parks for good; the JVM then exits with no
 * engine call under way, and the hook says how to go on. Written by hand: the JDK lets Java code
 * see a signal only through shutdown hooks.
 */
final class Interruption implements AutoCloseable {

    /** How long the hook waits for a safe point: they are a batch or an evaluation chunk apart, about 10 s at most here. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private final CountDownLatch parked = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    /**
     * Watches for the JVM's shutdown until {@link #close}; then what {@code farewell} gives is
     * printed to {@code err} (null: nothing, the caller has its own hook).
     */
    Interruption(PrintStream err, Supplier<String> farewell) {
        java.util.Objects.requireNonNull(farewell, "farewell");
        hook = new Thread(() -> {
            requested = true;
            err.println(System.lineSeparator() + "stopping at the end of the current step...");
            err.flush();
            boolean stopped = false;
            try {
                stopped = parked.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!stopped) err.println("the training did not stop within " + WAIT.toSeconds() + " s; exiting anyway");
            String words = farewell.get();
            if (words != null) err.println(words);
            err.flush();
        }, "training-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Called by the training thread where no engine call is under way: if the JVM is exiting, it parks there for good. */
    void safePoint() {
        if (requested) parkForGood();
    }

    private void parkForGood() {
        parked.countDown();
        while (true) LockSupport.park(this);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting and the hook is waiting for this thread (the run ended, or failed,
            // as the signal came): go no further, into native frees or a second hook
            parkForGood();
        }
    }
}
