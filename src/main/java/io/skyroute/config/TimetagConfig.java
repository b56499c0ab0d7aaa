package io.skyroute.config;

import java.nio.file.Path;

/**
 * The {@code timetag} section: hstlc's ingest of HST COS/STIS time-tag event files. Keys (defaults):
 * {@code enabled} (true when the MAST source is configured); folders {@code ingest_dir} (where MAST
 * downloads land and users may drop files), {@code filesystem_dir} (ingested files, by target and
 * instrument), {@code outputs_dir} (per-exposure lightcurves), {@code composite_dir} (per target,
 * instrument, grating and central wavelength), {@code bad_data_dir} — all under <data_dir>/timetag/;
 * {@code bin_seconds} (1); {@code min_exptime_seconds} (1: shorter exposures are bad data);
 * {@code dq_mask} (events with DQ &amp; mask set are dropped; default the file's SDQFLAGS, else 0);
 * {@code scan_period_ms} (30000: how often the ingest folder is looked at).
 */
public record TimetagConfig(
        Boolean enabled,
        @ValueFormat(ValueFormat.Form.FOLDER) Path ingestDir,
        @ValueFormat(ValueFormat.Form.FOLDER) Path filesystemDir,
        @ValueFormat(ValueFormat.Form.FOLDER) Path outputsDir,
        @ValueFormat(ValueFormat.Form.FOLDER) Path compositeDir,
        @ValueFormat(ValueFormat.Form.FOLDER) Path badDataDir,
        @Range(min = 0.001, max = 86_400) Double binSeconds,
        @Range(min = 0, max = 1_000_000) Double minExptimeSeconds,
        @Range(min = 0, max = 2_147_483_647) Long dqMask,
        @Range(min = 100, max = 86_400_000) Long scanPeriodMs) {

    public TimetagConfig withDefaultsFor(Path dataDir, boolean mastConfigured) {
        Path root = dataDir.resolve("timetag");
        return new TimetagConfig(enabled == null ? mastConfigured : enabled,
                ingestDir == null ? root.resolve("ingest") : ingestDir,
                filesystemDir == null ? root.resolve("filesystem") : filesystemDir,
                outputsDir == null ? root.resolve("outputs") : outputsDir,
                compositeDir == null ? root.resolve("composite") : compositeDir,
                badDataDir == null ? root.resolve("bad_data") : badDataDir,
                binSeconds == null ? 1.0 : binSeconds,
                minExptimeSeconds == null ? 1.0 : minExptimeSeconds,
                dqMask, scanPeriodMs == null ? 30_000L : scanPeriodMs);
    }
}
