package io.skyroute.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code analysis} section: what happens to every lightcurve skyroute publishes (and to files given to
 * {@code skyroute stats/plots/inject}). Keys (defaults): {@code enabled} (true); {@code dashboard_dir}
 * (<data_dir>/dashboard, served at /dashboard); classification — {@code min_points} (10),
 * {@code chi2_threshold} (10), {@code excess_variance_threshold} (0.01), {@code fap_threshold} (0.001);
 * period search — {@code samples_per_peak} (5), {@code max_frequency} (48 cycles/day),
 * {@code max_frequencies} (200000); quality — {@code quality_z} (5, robust z of sky/position outliers);
 * finder — {@code snr_threshold} (7.5), {@code gap} (40 days between seasons); simulator —
 * {@code num_injections} (0 = off; per kind x amplitude x width), {@code injection_kinds} ([flare]),
 * {@code injection_amplitudes} ([0.1, 0.3, 1.0] mag), {@code injection_widths} ([0.1] days), {@code seed} (1).
 */
public record AnalysisConfig(
        Boolean enabled,
        @ValueFormat(ValueFormat.Form.FOLDER) Path dashboardDir,
        @Range(min = 3, max = 1_000_000) Integer minPoints,
        @Range(min = 0) Double chi2Threshold,
        @Range(min = 0) Double excessVarianceThreshold,
        @Range(min = 0, max = 1) Double fapThreshold,
        @Range(min = 1, max = 100) Double samplesPerPeak,
        @Range(min = 0, minExclusive = true) Double maxFrequency,
        @Range(min = 10, max = 10_000_000) Integer maxFrequencies,
        @Range(min = 1, max = 1000) Double qualityZ,
        @Range(min = 1, max = 1000) Double snrThreshold,
        @Range(min = 0, minExclusive = true) Double gap,
        @Range(min = 0, max = 100_000) Integer numInjections,
        List<InjectionKind> injectionKinds,
        List<Double> injectionAmplitudes,
        List<Double> injectionWidths,
        Long seed) {

    /** The events the simulator can inject (see docs/analysis.md). */
    public enum InjectionKind { FLARE, DIP, SINE }

    public AnalysisConfig {
        enabled = enabled == null || enabled;
        minPoints = minPoints == null ? 10 : minPoints;
        chi2Threshold = chi2Threshold == null ? 10.0 : chi2Threshold;
        excessVarianceThreshold = excessVarianceThreshold == null ? 0.01 : excessVarianceThreshold;
        fapThreshold = fapThreshold == null ? 1e-3 : fapThreshold;
        samplesPerPeak = samplesPerPeak == null ? 5.0 : samplesPerPeak;
        maxFrequency = maxFrequency == null ? 48.0 : maxFrequency;
        maxFrequencies = maxFrequencies == null ? 200_000 : maxFrequencies;
        qualityZ = qualityZ == null ? 5.0 : qualityZ;
        snrThreshold = snrThreshold == null ? 7.5 : snrThreshold;
        gap = gap == null ? 40.0 : gap;
        numInjections = numInjections == null ? 0 : numInjections;
        injectionKinds = injectionKinds == null ? List.of(InjectionKind.FLARE) : List.copyOf(injectionKinds);
        injectionAmplitudes = injectionAmplitudes == null ? List.of(0.1, 0.3, 1.0) : List.copyOf(injectionAmplitudes);
        injectionWidths = injectionWidths == null ? List.of(0.1) : List.copyOf(injectionWidths);
        seed = seed == null ? 1L : seed;
        for (double width : injectionWidths) {
            if (!(width > 0)) {
                throw new IllegalArgumentException("analysis.injection_widths: every width must be more than 0 days, found " + width);
            }
        }
    }

    public static AnalysisConfig defaults() {
        return new AnalysisConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    AnalysisConfig withDefaultsFor(Path dataDir) {
        return dashboardDir != null ? this : new AnalysisConfig(enabled, dataDir.resolve("dashboard"), minPoints, chi2Threshold,
                excessVarianceThreshold, fapThreshold, samplesPerPeak, maxFrequency, maxFrequencies, qualityZ, snrThreshold, gap,
                numInjections, injectionKinds, injectionAmplitudes, injectionWidths, seed);
    }
}
