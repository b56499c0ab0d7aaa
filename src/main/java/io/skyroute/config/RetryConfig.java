package io.skyroute.config;

/**
 * The standard error policy's retries of transient faults (I/O, 5xx, 429, timeouts, the ledger's database
 * away): {@code max_redeliveries} tries after the first, waiting {@code initial_delay_ms}, doubling up to
 * {@code max_delay_ms} (a 429's or 503's Retry-After is honoured up to that cap). The daemon and every
 * one-shot command use the same policy.
 */
public record RetryConfig(
        @Range(min = 0, max = 100) Integer maxRedeliveries,
        @Range(min = 0, max = 3_600_000) Long initialDelayMs,
        @Range(min = 0, max = 86_400_000) Long maxDelayMs) {

    public RetryConfig {
        maxRedeliveries = maxRedeliveries == null ? 6 : maxRedeliveries;
        initialDelayMs = initialDelayMs == null ? 1000L : initialDelayMs;
        maxDelayMs = maxDelayMs == null ? 300_000L : maxDelayMs;
    }
}
