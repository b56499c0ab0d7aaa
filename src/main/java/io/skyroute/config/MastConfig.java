package io.skyroute.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code mast} section: the MAST source (hstlc's {@code download_hstlc}). Keys (defaults): {@code url}
 * (https://mast.stsci.edu); {@code token_envvar} (none: public data only; the token is sent as the
 * {@code mast_token} cookie); {@code queries} (hstlc's: HST COS/STIS FUV/NUV spectra); {@code product_suffixes}
 * (the time-tag and x1d files); {@code ignored_targets} (DARK, BIAS, DEUTERIUM, WAVE, ANY, NONE);
 * {@code page_size} (2000); {@code products_batch} (50 obsids per products request);
 * {@code executing_timeout_seconds} (600: how long a query may stay EXECUTING); {@code executing_retry_ms}
 * (2000); {@code http_timeout_seconds} (120); {@code parallel_downloads} (2); {@code requests_dir}
 * (<data_dir>/timetag/requests: each pass's requests and answers, as hstlc saved them).
 */
public record MastConfig(
        String url,
        String tokenEnvvar,
        List<MastQuery> queries,
        List<String> productSuffixes,
        List<String> ignoredTargets,
        @Range(min = 1, max = 50_000) Integer pageSize,
        @Range(min = 1, max = 1000) Integer productsBatch,
        @Range(min = 1, max = 86_400) Integer executingTimeoutSeconds,
        @Range(min = 10, max = 600_000) Long executingRetryMs,
        @Range(min = 1, max = 3600) Integer httpTimeoutSeconds,
        @Range(min = 1, max = 16) Integer parallelDownloads,
        @ValueFormat(ValueFormat.Form.FOLDER) Path requestsDir) {

    /** One query: a CAOM service ({@code Mast.Caom.Filtered} or {@code Mast.Caom.Filtered.Position}), its position, its filters. */
    public record MastQuery(Service service, String position, List<MastFilter> filters) {

        public enum Service {
            FILTERED("Mast.Caom.Filtered"), POSITION("Mast.Caom.Filtered.Position");

            private final String wire;

            Service(String wire) {
                this.wire = wire;
            }

            public String wire() {
                return wire;
            }
        }

        public MastQuery {
            service = service == null ? Service.FILTERED : service;
            filters = filters == null ? List.of() : List.copyOf(filters);
            if (service == Service.POSITION && (position == null || position.isBlank())) {
                throw new IllegalArgumentException("mast.queries: a Position query needs 'position: \"ra, dec, radius_deg\"'");
            }
        }
    }

    /** A filter as the wire format has it: a parameter and its values (a list of strings, or {min, max}). */
    public record MastFilter(String paramName, JsonNode values) {
    }

    public static final List<String> HSTLC_PRODUCTS = List.of("_x1d.fits", "_tag.fits", "_corrtag.fits", "_corrtag_a.fits", "_corrtag_b.fits");
    public static final List<String> HSTLC_IGNORED_TARGETS = List.of("DARK", "BIAS", "DEUTERIUM", "WAVE", "ANY", "NONE");

    public MastConfig {
        url = url == null ? "https://mast.stsci.edu" : url.replaceAll("/+$", "");
        queries = queries == null || queries.isEmpty() ? List.of(hstlcQuery()) : List.copyOf(queries);
        productSuffixes = productSuffixes == null ? HSTLC_PRODUCTS : List.copyOf(productSuffixes);
        ignoredTargets = ignoredTargets == null ? HSTLC_IGNORED_TARGETS : List.copyOf(ignoredTargets);
        pageSize = pageSize == null ? 2000 : pageSize;
        productsBatch = productsBatch == null ? 50 : productsBatch;
        executingTimeoutSeconds = executingTimeoutSeconds == null ? 600 : executingTimeoutSeconds;
        executingRetryMs = executingRetryMs == null ? 2000L : executingRetryMs;
        httpTimeoutSeconds = httpTimeoutSeconds == null ? 120 : httpTimeoutSeconds;
        parallelDownloads = parallelDownloads == null ? 2 : parallelDownloads;
    }

    /** hstlc's query: every HST COS and STIS (FUV/NUV) spectrum; the time-tag files are chosen among the products. */
    public static MastQuery hstlcQuery() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return new MastQuery(MastQuery.Service.FILTERED, null, List.of(
                new MastFilter("obs_collection", json.arrayNode().add("HST")),
                new MastFilter("instrument_name", json.arrayNode().add("COS/FUV").add("COS/NUV").add("STIS/FUV-MAMA").add("STIS/NUV-MAMA")),
                new MastFilter("dataproduct_type", json.arrayNode().add("spectrum"))));
    }

    MastConfig withDefaultsFor(Path dataDir) {
        return requestsDir != null ? this : new MastConfig(url, tokenEnvvar, queries, productSuffixes, ignoredTargets, pageSize, productsBatch,
                executingTimeoutSeconds, executingRetryMs, httpTimeoutSeconds, parallelDownloads, dataDir.resolve("timetag").resolve("requests"));
    }
}
