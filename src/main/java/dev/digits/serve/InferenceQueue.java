package dev.digits.serve;

import dev.digits.infer.DigitClassifier;
import dev.digits.infer.Prediction;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the engine, as many as the classifier's predictors: request threads queue
 * their images here and wait for the answer instead of calling libtorch themselves, which measured
 * faster under load (docs/history.md, section 7) and keeps native memory to a few allocator arenas.
 */
final class InferenceQueue implements AutoCloseable {

    private final DigitClassifier classifier;
    private final ExecutorService threads;

    /**
     * @param classifier the model, run by {@code classifier.poolSize()} threads; the caller keeps
     *     ownership and closes it after {@link #close()}
     */
    InferenceQueue(DigitClassifier classifier) {
        this.classifier = classifier;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(classifier.poolSize(), r -> {
            Thread t = new Thread(r, "inference-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Classifies one 28x28 image on an inference thread and waits for the answer. */
    Prediction classify(byte[] pixels784) {
        return submitAndWait(() -> classifier.classify(pixels784));
    }

    /** Classifies a batch of 28x28 images in one call on an inference thread; answers in order. */
    List<Prediction> classify(List<byte[]> images) {
        return images.isEmpty() ? List.of() : submitAndWait(() -> classifier.classify(images));
    }

    /** Lets queued work finish and ends the threads; later calls are refused. */
    @Override
    public void close() {
        threads.shutdown();
    }

    private <T> T submitAndWait(Callable<T> work) {
        Future<T> answer = threads.submit(work);
        try {
            return answer.get();
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for inference", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("inference failed", e.getCause());
        }
    }
}
