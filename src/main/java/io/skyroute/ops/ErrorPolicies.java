package io.skyroute.ops;

import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.TransientFailure;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

import org.apache.camel.Exchange;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * The house error policy, as route configurations that routes opt into with
 * {@code .routeConfigurationId(...)}:
 * <ul>
 * <li>{@value #STANDARD}: transient faults (I/O, timeouts, {@link TransientFailure}) are redelivered with
 * exponential backoff up to a cap, then dead-lettered; permanent ones ({@link PermanentFailure}) are
 * dead-lettered at once. Dead letters go to the ledger table and files to the quarantine folder. Each route
 * that uses it starts with its own tries (the redelivery count of an earlier route is cleared).</li>
 * </ul>
 */
public class ErrorPolicies extends RouteConfigurationBuilder {

    public static final String STANDARD = "standard-errors";

    @Override
    public void configuration() {
        routeConfiguration(STANDARD)
                // every route starts with tries of its own: Camel keeps the redelivery count in headers that travel with the
                // exchange (and into split parts), so a step that succeeded on its last try left the next route none
                .interceptFrom()
                    .removeHeaders("CamelRedeliver*")
                .end()
                // a file-system error no retry can cure (a name too long, ...) is permanent
                .onException(FileSystemException.class, InvalidPathException.class)
                    .onWhen(exchange -> FileErrors.isPermanent(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)))
                    .handled(true)
                    .maximumRedeliveries(0)
                    .log(LoggingLevel.ERROR, "${routeId}: permanent file-system failure, no retry: ${exception.message}")
                    .setHeader(DeadLetterRecorder.FAILED_ROUTE, simple("${routeId}"))
                    .bean("deadLetterRecorder", "record")
                .end()
                .onException(PermanentFailure.class)
                    .handled(true)
                    .maximumRedeliveries(0)
                    .log(LoggingLevel.ERROR, "${routeId}: permanent failure, no retry: ${exception.message}")
                    .setHeader(DeadLetterRecorder.FAILED_ROUTE, simple("${routeId}"))
                    .bean("deadLetterRecorder", "record")
                .end()
                // the ledger's database unreachable (pool timeout, connection refused or lost) is an outage, not a verdict
                .onException(IOException.class, TimeoutException.class, HttpTimeoutException.class, TransientFailure.class,
                        SQLTransientException.class, SQLRecoverableException.class, SQLNonTransientConnectionException.class)
                    .handled(true)
                    .maximumRedeliveries("{{skyroute.retry.max}}")
                    // waits are scheduled, not slept: the consumer goes on with the next file meanwhile
                    .asyncDelayedRedelivery()
                    .redeliveryDelay("{{skyroute.retry.initial-delay-ms}}")
                    .useExponentialBackOff()
                    .backOffMultiplier(2.0)
                    .maximumRedeliveryDelay("{{skyroute.retry.max-delay-ms}}")
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .onExceptionOccurred(new RetryAfterDelay("{{skyroute.retry.max-delay-ms}}"))
                    .log(LoggingLevel.ERROR, "${routeId}: giving up after retries: ${exception.message}")
                    .setHeader(DeadLetterRecorder.FAILED_ROUTE, simple("${routeId}"))
                    .bean("deadLetterRecorder", "record")
                .end();
    }
}
