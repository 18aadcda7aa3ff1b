package dev.digits.internal.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.model.InputContract;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A background data thread that fails stops the trainer with its message; it never leaves it waiting. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BatchLoaderFailureTest {

    /** Makes {@code good} batches, then fails with {@code failure}, counting {@code failed} down as it does. */
    static BatchLoader failingAfter(int good, Throwable failure, CountDownLatch failed) {
        Mnist data = new Mnist(new byte[100 * Mnist.PIXELS], new byte[100]);
        return new BatchLoader(data, 1, Augmenter.none(InputContract.MNIST), 1) {
            int made;

            @Override
            public Batch make(int[] order, int start, Random rng) {
                if (made++ == good) {
                    failed.countDown();
                    if (failure instanceof Error e) throw e;
                    throw (RuntimeException) failure;
                }
                return super.make(order, start, rng);
            }
        };
    }

    @Test
    void anErrorInTheDataThreadStopsTheEpochWithItsMessage() {
        Iterator<Batch> batches = failingAfter(2, new OutOfMemoryError("Java heap space"), new CountDownLatch(1)).epoch(1);
        batches.next();
        batches.next();
        assertThatThrownBy(batches::next).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the data thread failed").hasMessageContaining("Java heap space");
    }

    @Test
    void aFailureFoundWithTheQueueFullIsNotLost() throws InterruptedException {
        // the thread fills the queue ahead of the trainer, then fails: the failure must still arrive
        CountDownLatch failed = new CountDownLatch(1);
        Iterator<Batch> batches = failingAfter(6, new IllegalArgumentException("bad image 7"), failed).epoch(1);
        org.assertj.core.api.Assertions.assertThat(failed.await(20, TimeUnit.SECONDS)).as("failed with the queue full").isTrue();
        assertThatThrownBy(() -> {
            while (batches.hasNext()) batches.next();
        }).hasMessage("bad image 7");
    }
}
