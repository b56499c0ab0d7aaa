package io.skyroute.sources;

import io.skyroute.pipeline.AuthenticationFailure;

import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.TransientFailure;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Turns an unsuccessful HTTP status into the house's failure types, the same way for every source. */
public final class HttpStatusFailures {

    private HttpStatusFailures() {
    }

    /**
     * 429 and 5xx are transient (429 carries Retry-After), 401/403 are {@link AuthenticationFailure},
     * any other 4xx is permanent. {@code what} names the call for the message (never a secret or a
     * presigned URL).
     */
    public static RuntimeException of(HttpResponse<?> response, String what) {
        return of(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), what);
    }

    /** As {@link #of(HttpResponse, String)}, from a status code and the Retry-After header's value (or null). */
    public static RuntimeException of(int status, String retryAfterHeader, String what) {
        String message = what + " answered HTTP " + status;
        Optional<Duration> retryAfter = retryAfterHeader == null ? Optional.empty() : parseRetryAfter(retryAfterHeader);
        if (status == 429) {
            Optional<Duration> wait = retryAfter;
            return new TransientFailure(message + " (too many requests" + wait.map(d -> ", retry after " + d.toSeconds() + " s").orElse("") + ")",
                    null, wait.orElse(null));
        }
        if (status >= 500) {
            return new TransientFailure(message, null, retryAfter.orElse(null));
        }
        if (status == 401 || status == 403) {
            return new AuthenticationFailure(message + " (credentials refused)");
        }
        return new PermanentFailure(message);
    }

    static Optional<Duration> parseRetryAfter(String value) {
        String v = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
