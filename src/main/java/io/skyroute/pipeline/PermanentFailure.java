package io.skyroute.pipeline;

/**
 * A failure that retrying cannot fix (bad token, malformed file, unknown target): no redelivery,
 * straight to the dead-letter table and, for files, the quarantine folder.
 */
public class PermanentFailure extends RuntimeException {

    public PermanentFailure(String reason) {
        super(reason);
    }

    public PermanentFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
