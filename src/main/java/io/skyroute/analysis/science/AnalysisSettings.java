package io.skyroute.analysis.science;

import io.skyroute.analysis.events.InjectedEvent;
import io.skyroute.analysis.stats.Classification;
import io.skyroute.analysis.stats.PeriodSearch;

import java.util.List;

/**
 * Everything that decides an analysis (bound from skyroute.yaml's {@code analysis} section): the period
 * search, the classification, the quality checker's robust z threshold, the finder's S/N threshold and
 * season gap, and the injections (kinds x amplitudes x widths, {@code injections} each, seeded).
 */
public record AnalysisSettings(PeriodSearch periodSearch, Classification classification, double qualityZ, double snrThreshold,
                               double gapDays, List<InjectedEvent.Kind> injectionKinds, List<Double> injectionAmplitudes,
                               List<Double> injectionWidths, int injections, long seed) {

    public AnalysisSettings {
        injectionKinds = List.copyOf(injectionKinds);
        injectionAmplitudes = List.copyOf(injectionAmplitudes);
        injectionWidths = List.copyOf(injectionWidths);
    }

    public static AnalysisSettings defaults() {
        return new AnalysisSettings(PeriodSearch.defaults(), Classification.defaults(), 5.0, 7.5, 40.0,
                List.of(InjectedEvent.Kind.FLARE), List.of(0.1, 0.3, 1.0), List.of(0.1), 0, 1L);
    }

    public AnalysisSettings withInjections(List<InjectedEvent.Kind> kinds, List<Double> amplitudes, List<Double> widths, int count) {
        return new AnalysisSettings(periodSearch, classification, qualityZ, snrThreshold, gapDays, kinds, amplitudes, widths, count, seed);
    }
}
