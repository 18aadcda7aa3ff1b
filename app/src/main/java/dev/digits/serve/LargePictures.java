package dev.digits.serve;

import dev.digits.internal.infer.ImageDecoder;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Turns for large pictures: at most one per inference thread is decoded at a time, and a request
 * whose large picture finds no turn within a short wait is refused with 429 ({@link Refused}).
 *
 * <p>A picture at the size limit is legitimate but costs a core a quarter of a second or more to
 * inflate and prepare (1.3-3 s when its uneven border makes {@code DigitPicture} read it as a page), so 32 of them sent at once would queue for seconds behind two threads
 * (docs/results.md, "Hostile input"). Refusing the excess at once keeps every answer within a
 * second and leaves the queue to ordinary pictures. Only the header is read here, on the request
 * thread (a few bytes; nothing is decoded); small pictures pass without a turn.
 */
final class LargePictures {

    /** How long a large picture may wait for its turn, in ms: with a turn it is still answered within a second. */
    static final long WAIT_MILLIS = 500;

    /** Pictures over this many pixels (1024 x 1024) need a turn. */
    static final long LARGE = 1024L * 1024;

    /** Why a large picture was not decoded: every turn was taken. Answered 429 with {@code Retry-After}. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final Semaphore turns;
    private final int count;
    private final long waitMillis;

    /**
     * @param turns how many large pictures may be decoded at once (the inference threads)
     * @param waitMillis how long a large picture may wait for its turn
     */
    LargePictures(int turns, long waitMillis) {
        if (turns < 1) throw new IllegalArgumentException("at least one turn, got " + turns);
        this.turns = new Semaphore(turns, true);
        this.count = turns;
        this.waitMillis = waitMillis;
    }

    /**
     * Runs {@code work} (which decodes {@code picture}) at once for a small picture, or in a turn
     * for a large one.
     *
     * @throws dev.digits.internal.infer.ImageException for a picture whose header is unreadable or over the size limit
     * @throws Refused when a large picture found no turn within the wait
     */
    <T> T admit(byte[] picture, Supplier<T> work) {
        if (ImageDecoder.declaredPixels(picture) <= LARGE) return work.get();
        boolean got;
        try {
            got = turns.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            throw new Refused("too many large pictures at once (" + count + " over " + LARGE / (1024 * 1024)
                    + " megapixel being read); try again shortly, or send a smaller picture");
        }
        try {
            return work.get();
        } finally {
            turns.release();
        }
    }
}
