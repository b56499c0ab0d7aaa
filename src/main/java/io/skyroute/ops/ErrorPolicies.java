package io.skyroute.ops;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * The house error policy, as route configurations that routes opt into with
 * {@code .routeConfigurationId(...)}:
 * <ul>
 * <li>{@value #STANDARD}: transient faults (I/O, timeouts, {@link TransientFailure}) are redelivered with
 * exponential backoff up to a cap, then dead-lettered; permanent ones ({@link PermanentFailure}) are
 * dead-lettered at once. Dead letters go to the ledger table and files to the quarantine folder.</li>
 * </ul>
 */
public class ErrorPolicies extends RouteConfigurationBuilder {

    public static final String STANDARD = "standard-errors";

    @Override
    public void configuration() {
        routeConfiguration(STANDARD)
                .onException(PermanentFailure.class)
                    .handled(true)
                    .maximumRedeliveries(0)
                    .log(LoggingLevel.ERROR, "${routeId}: permanent failure, no retry: ${exception.message}")
                    .setHeader(DeadLetterRecorder.FAILED_ROUTE, simple("${routeId}"))
                    .bean("deadLetterRecorder", "record")
                .end()
                .onException(IOException.class, TimeoutException.class, HttpTimeoutException.class, TransientFailure.class)
                    .handled(true)
                    .maximumRedeliveries("{{skyroute.retry.max:6}}")
                    .redeliveryDelay("{{skyroute.retry.initial-delay-ms:1000}}")
                    .useExponentialBackOff()
                    .backOffMultiplier(2.0)
                    .maximumRedeliveryDelay("{{skyroute.retry.max-delay-ms:300000}}")
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .onExceptionOccurred(new RetryAfterDelay("{{skyroute.retry.max-delay-ms:300000}}"))
                    .log(LoggingLevel.ERROR, "${routeId}: giving up after retries: ${exception.message}")
                    .setHeader(DeadLetterRecorder.FAILED_ROUTE, simple("${routeId}"))
                    .bean("deadLetterRecorder", "record")
                .end();
    }
}
