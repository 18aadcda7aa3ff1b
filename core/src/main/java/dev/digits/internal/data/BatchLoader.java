package dev.digits.internal.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Shuffles and augments a data set one epoch at a time in a background thread, a few batches
 * ahead of the engine. The same seed and epoch give the same batches, bit for bit. If the thread
 * fails, with an exception or an error, the next batch asked for throws it.
 */
public class BatchLoader { // not final: a test makes a batch fail

    private static final int AHEAD = 6;

    private final Mnist data;
    private final int batchSize;
    private final Augmenter augmenter;
    private final long seed;

    public BatchLoader(Mnist data, int batchSize, Augmenter augmenter, long seed) {
        this.data = data;
        this.batchSize = batchSize;
        this.augmenter = augmenter;
        this.seed = seed;
    }

    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** The batches of epoch {@code epoch} (1-based), shuffled and augmented; made by a background thread. */
    public Iterator<Batch> epoch(int epoch) {
        Random rng = new Random(seed * 1_000_003L + epoch);
        int[] order = permutation(data.size(), rng);
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
        Object end = new Object();
        Thread worker = new Thread(() -> {
            try {
                for (int start = 0; start < order.length; start += batchSize) {
                    queue.put(make(order, start, rng));
                }
                queue.put(end);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) { // an Error too (out of memory, say): the trainer must hear of it, not wait for ever
                RuntimeException failure = e instanceof RuntimeException r ? r
                        : new IllegalStateException("the data thread failed: " + e, e);
                try {
                    queue.put(failure); // waits for room: offer would lose it when the queue is full
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "batch-loader");
        worker.setDaemon(true);
        worker.start();
        return new Iterator<>() {
            Object next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for data", e);
                    }
                }
                if (next instanceof RuntimeException e) throw e;
                return next != end;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                Batch b = (Batch) next;
                next = null;
                return b;
            }
        };
    }

    /** Makes one batch synchronously; for benchmarks of the pipeline itself. */
    public Batch make(int[] order, int start, Random rng) {
        int n = Math.min(batchSize, order.length - start);
        float[] x = new float[n * Mnist.PIXELS];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            int i = order[start + k];
            augmenter.apply(data.images(), i, rng, x, k * Mnist.PIXELS);
            y[k] = data.label(i);
        }
        return new Batch(x, y);
    }

    /** A Fisher-Yates permutation of 0..n-1. */
    public static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
