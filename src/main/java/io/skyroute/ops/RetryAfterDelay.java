package io.skyroute.ops;

import io.skyroute.pipeline.TransientFailure;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Duration;

/**
 * Runs when a transient failure occurs, before the next redelivery: when the server said when to come
 * back (Retry-After), the next try waits that long (at most the policy's cap) instead of the backoff.
 */
public class RetryAfterDelay implements Processor {

    private final String maxDelayPlaceholder;

    public RetryAfterDelay(String maxDelayPlaceholder) {
        this.maxDelayPlaceholder = maxDelayPlaceholder;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Duration wait = failure instanceof TransientFailure transientFailure ? transientFailure.retryAfter().orElse(null) : null;
        if (wait == null) {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
            return;
        }
        long cap = Long.parseLong(exchange.getContext().resolvePropertyPlaceholders(maxDelayPlaceholder));
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, Math.min(cap, wait.toMillis()));
    }
}
