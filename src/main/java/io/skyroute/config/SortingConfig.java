package io.skyroute.config;

import java.nio.file.Path;

/**
 * Whether landed frames are sorted ({@code enabled: false} leaves them in the download folder) and where
 * to: the reduction directory, the default {@code reduction_config.yaml} template new datasets get, and the
 * sorting rules file (default {@code <routes_dir>/sorting.rules.yaml}, else the built-in rules). Frames
 * that wait (a locked dataset) or were cut off by a stop are sorted again every {@code pending_period_ms}; a
 * frame counts as cut off once it has waited {@code pending_settle_ms} unsorted (default 5 minutes: a frame
 * still on its way through {@code sort-frame} must not be sorted a second time).
 */
public record SortingConfig(Boolean enabled, Path reductionDir, @MustBeReadable Path defaultRedConfig, @MustBeReadable Path rules,
                            @Range(min = 100, max = 86_400_000) Long pendingPeriodMs, @Range(min = 0, max = 86_400_000) Long pendingSettleMs) {

    /** Sorting on, into {@code <data_dir>/reduction}, by the rules in {@code routes/} or the built-in ones. */
    public static SortingConfig defaults() {
        return new SortingConfig(null, null, null, null, null, null);
    }

    /** Without the pending-frames period and settle time (their defaults apply). */
    public SortingConfig(Boolean enabled, Path reductionDir, Path defaultRedConfig, Path rules) {
        this(enabled, reductionDir, defaultRedConfig, rules, null, null);
    }

    /** Without the pending-frames settle time (its default applies). */
    public SortingConfig(Boolean enabled, Path reductionDir, Path defaultRedConfig, Path rules, Long pendingPeriodMs) {
        this(enabled, reductionDir, defaultRedConfig, rules, pendingPeriodMs, null);
    }

    SortingConfig withDefaultsFor(Path dataDir, Path routesDir) {
        Path shippedRules = routesDir.resolve("sorting.rules.yaml");
        return new SortingConfig(
                enabled == null || enabled,
                reductionDir == null ? dataDir.resolve("reduction") : reductionDir,
                defaultRedConfig,
                rules != null ? rules : java.nio.file.Files.isRegularFile(shippedRules) ? shippedRules : null,
                pendingPeriodMs == null ? 60_000L : pendingPeriodMs,
                pendingSettleMs == null ? 300_000L : pendingSettleMs);
    }

    /** The same settings with the seed's data_download.yaml values laid over them (the one-shot download command). */
    public SortingConfig with(Path reductionDir, Path defaultRedConfig) {
        return new SortingConfig(enabled, reductionDir == null ? this.reductionDir : reductionDir,
                defaultRedConfig == null ? this.defaultRedConfig : defaultRedConfig, rules, pendingPeriodMs, pendingSettleMs);
    }
}
