package io.skyroute.ops;

/** A failure worth retrying later (a 5xx, a 429, a checksum mismatch after a truncated body). */
public class TransientFailure extends RuntimeException {

    public TransientFailure(String reason) {
        super(reason);
    }

    public TransientFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
