package io.skyroute.config;

import java.nio.file.Path;

/**
 * The local drop folder: files put here are taken in like frames from an archive once unchanged for
 * {@code min_age_ms}, looked for every {@code poll_ms}; every {@code recover_period_ms} (and at start) the
 * landing folder is searched for files landed but never recorded (a database outage, a stop mid-way).
 */
public record DropConfig(Path folder, Boolean enabled, @Range(min = 0, max = 3_600_000) Long minAgeMs,
                         @Range(min = 10, max = 3_600_000) Long pollMs, @Range(min = 100, max = 86_400_000) Long recoverPeriodMs) {

    /** Folder and switch only; the timings at their defaults. */
    public DropConfig(Path folder, Boolean enabled) {
        this(folder, enabled, null, null, null);
    }

    DropConfig withDefaultsFor(Path dataDir) {
        return new DropConfig(folder == null ? dataDir.resolve("drop") : folder, enabled == null || enabled,
                minAgeMs == null ? 1000L : minAgeMs, pollMs == null ? 1000L : pollMs, recoverPeriodMs == null ? 300_000L : recoverPeriodMs);
    }
}
