package dev.digits.serve;

import java.util.List;

/**
 * How much a server takes on ({@code mnist serve}'s flags).
 *
 * @param queue the most requests waiting for an inference thread; more are answered 503 at once
 * @param deadlineMillis how long a request may wait for its answer before it is answered 503
 * @param allowedHosts host names accepted in the {@code Host} header besides the bound address's
 *     own ({@link RequestGuard})
 */
public record ServeLimits(int queue, long deadlineMillis, List<String> allowedHosts) {

    /** The defaults: 64 waiting, 10 s, no extra names. */
    public static final ServeLimits DEFAULT = new ServeLimits(64, 10_000, List.of());

    public ServeLimits {
        if (queue < 1) throw new IllegalArgumentException("--queue must be at least 1, got " + queue);
        if (deadlineMillis < 1) {
            throw new IllegalArgumentException("--deadline must be positive, got " + deadlineMillis + " ms");
        }
        allowedHosts = List.copyOf(allowedHosts);
    }
}
