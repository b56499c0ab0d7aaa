package io.skyroute.config;

/**
 * How lightcurves are delivered to the TOM (the connection itself is the seed's tom_config.yaml):
 * {@code retry_period_ms}, how often versions the ledger holds as undelivered are sent again (default
 * 15 min); {@code http_timeout_seconds} per request (default 60).
 */
public record TomDeliveryConfig(@Range(min = 100, max = 86_400_000) Long retryPeriodMs, @Range(min = 1, max = 3600) Integer httpTimeoutSeconds) {

    public TomDeliveryConfig {
        retryPeriodMs = retryPeriodMs == null ? 900_000L : retryPeriodMs;
        httpTimeoutSeconds = httpTimeoutSeconds == null ? 60 : httpTimeoutSeconds;
    }
}
