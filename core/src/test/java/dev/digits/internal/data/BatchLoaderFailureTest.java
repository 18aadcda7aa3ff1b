package dev.digits.internal.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.model.InputContract;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A background data thread that fails stops the trainer with its message; it never leaves it waiting. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BatchLoaderFailureTest {

    /** Makes {@code good} batches, then fails with {@code failure}. */
    static BatchLoader failingAfter(int good, Throwable failure) {
        Mnist data = new Mnist(new byte[100 * Mnist.PIXELS], new byte[100]);
        return new BatchLoader(data, 1, Augmenter.none(InputContract.MNIST), 1) {
            int made;

            @Override
            public Batch make(int[] order, int start, Random rng) {
                if (made++ == good) {
                    if (failure instanceof Error e) throw e;
                    throw (RuntimeException) failure;
                }
                return super.make(order, start, rng);
            }
        };
    }

    @Test
    void anErrorInTheDataThreadStopsTheEpochWithItsMessage() {
        Iterator<Batch> batches = failingAfter(2, new OutOfMemoryError("Java heap space")).epoch(1);
        batches.next();
        batches.next();
        assertThatThrownBy(batches::next).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the data thread failed").hasMessageContaining("Java heap space");
    }

    @Test
    void aFailureFoundWithTheQueueFullIsNotLost() throws InterruptedException {
        // the thread fills the queue ahead of the trainer, then fails: the failure must still arrive
        Iterator<Batch> batches = failingAfter(6, new IllegalArgumentException("bad image 7")).epoch(1);
        Thread.sleep(300);
        assertThatThrownBy(() -> {
            while (batches.hasNext()) batches.next();
        }).hasMessage("bad image 7");
    }
}
