package io.skyroute.pipeline;

import io.skyroute.pipeline.PermanentFailure;

/** A service refused our credentials (401/403): retrying cannot help until someone changes them. */
public class AuthenticationFailure extends PermanentFailure {

    public AuthenticationFailure(String reason) {
        super(reason);
    }
}
