package io.skyroute.sources;

import io.skyroute.ops.PermanentFailure;

/** A service refused our credentials (401/403): retrying cannot help until someone changes them. */
public class AuthenticationFailure extends PermanentFailure {

    public AuthenticationFailure(String reason) {
        super(reason);
    }
}
