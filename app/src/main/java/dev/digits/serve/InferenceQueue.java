package dev.digits.serve;

import dev.digits.internal.infer.DigitClassifier;
import dev.digits.internal.infer.ImageDecoder;
import dev.digits.internal.read.DigitPicture;
import dev.digits.internal.infer.Prediction;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that decode pictures and run the engine, as many as the classifier's predictors:
 * request threads queue their work here and wait for the answer instead of decoding or calling
 * libtorch themselves, which measured faster under load (docs/history.md, section 7), keeps native
 * memory to a few allocator arenas and bounds the memory of decoding by the number of these
 * threads (not of Jetty's up to 250).
 *
 * <p>The wait list is bounded: work that finds it full is refused at once ({@link Busy}), and work
 * still unanswered at its deadline is given up ({@link Busy}) and skipped if it has not begun. A
 * forward pass that has begun is never interrupted (libtorch's threads are not ours to interrupt).
 */
final class InferenceQueue {

    /** Why a request got no answer: the queue was full, or its deadline passed. Answered 503. */
    static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    /** What {@code /health} says about the load. */
    record Load(int threads, int running, int queued, int capacity) {
        boolean saturated() {
            return queued >= capacity;
        }
    }

    /** A picture's 28x28 input and the model's answer for it. */
    record Answer(byte[] input, Prediction prediction) {}

    private final DigitClassifier classifier;
    private final ThreadPoolExecutor threads;
    private final int capacity;
    private final long deadlineNanos;
    private final LargePictures large;

    /**
     * @param classifier the model, run by {@code classifier.poolSize()} threads; the caller keeps
     *     ownership and closes it after {@link #close}
     * @param capacity the most requests waiting for a thread
     * @param deadlineMillis how long a request may wait for its answer
     */
    InferenceQueue(DigitClassifier classifier, int capacity, long deadlineMillis) {
        if (capacity < 1) throw new IllegalArgumentException("the queue must hold at least 1, got " + capacity);
        this.classifier = classifier;
        this.capacity = capacity;
        this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        this.large = new LargePictures(classifier.poolSize(), LargePictures.WAIT_MILLIS);
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(classifier.poolSize(), classifier.poolSize(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(capacity), r -> {
                    Thread t = new Thread(r, "inference-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Decodes a picture (PNG, JPEG, BMP, GIF), prepares it as MNIST and classifies it, on an inference thread. */
    Answer classifyPicture(byte[] encoded) {
        return large.admit(encoded, () -> submitAndWait(() -> {
            byte[] input = ImageDecoder.read(encoded, DigitPicture::toMnist);
            return new Answer(input, classifier.classify(input));
        }));
    }

    /** Classifies a batch of 28x28 images in one call on an inference thread; answers in order. */
    List<Prediction> classify(List<byte[]> images) {
        return images.isEmpty() ? List.of() : submitAndWait(() -> classifier.classify(images));
    }

    /** Runs {@code work} (several batches of one request, such as a reading) on one inference thread. */
    <T> T call(java.util.function.Function<DigitClassifier, T> work) {
        return submitAndWait(() -> work.apply(classifier));
    }

    /** As {@link #call}, for work that decodes {@code picture}: a large one waits for its turn ({@link LargePictures}). */
    <T> T callOnPicture(byte[] picture, java.util.function.Function<DigitClassifier, T> work) {
        return large.admit(picture, () -> call(work));
    }

    Load load() {
        return new Load(threads.getCorePoolSize(), threads.getActiveCount(), threads.getQueue().size(), capacity);
    }

    /**
     * Refuses new work, lets queued and running work finish, and waits for the threads to end.
     *
     * @return true if they ended within {@code timeoutMillis}: only then may the model be closed
     */
    boolean close(long timeoutMillis) {
        threads.shutdown();
        try {
            return threads.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code work} on an inference thread and waits for it, within the deadline. */
    <T> T submitAndWait(Callable<T> work) {
        long deadline = System.nanoTime() + deadlineNanos;
        Future<T> answer;
        try {
            answer = threads.submit(() -> {
                if (System.nanoTime() - deadline > 0) throw new Busy(late());
                return work.call();
            });
        } catch (RejectedExecutionException e) {
            throw new Busy(threads.isShutdown() ? JsonErrors.STOPPING
                    : "the server is busy (" + capacity + " requests waiting); try again shortly");
        }
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(false); // skipped if not begun; a forward pass under way finishes
            throw new Busy(late());
        } catch (InterruptedException e) {
            answer.cancel(false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for inference", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("inference failed", e.getCause());
        }
    }

    private String late() {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadlineNanos);
        return "the server is busy: no answer within " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms")
                + "; try again shortly";
    }
}
