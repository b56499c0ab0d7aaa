package io.skyroute.pipeline;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure worth retrying later (a 5xx, a 429, a checksum mismatch after a truncated body). A server
 * that said when to come back ({@code Retry-After}) sets {@link #retryAfter()}; the error policy waits
 * that long before the next try instead of its own backoff.
 */
public class TransientFailure extends RuntimeException {

    private final transient Duration retryAfter;

    public TransientFailure(String reason) {
        this(reason, null, null);
    }

    public TransientFailure(String reason, Throwable cause) {
        this(reason, cause, null);
    }

    public TransientFailure(String reason, Throwable cause, Duration retryAfter) {
        super(reason, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
