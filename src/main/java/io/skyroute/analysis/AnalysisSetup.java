package io.skyroute.analysis;

import io.skyroute.analysis.events.InjectedEvent;
import io.skyroute.analysis.science.AnalysisSettings;
import io.skyroute.analysis.stats.Classification;
import io.skyroute.analysis.stats.PeriodSearch;
import io.skyroute.config.AnalysisConfig;

/** The analysis settings the configuration's {@code analysis} section describes. */
public final class AnalysisSetup {

    private AnalysisSetup() {
    }

    public static AnalysisSettings settings(AnalysisConfig c) {
        return new AnalysisSettings(new PeriodSearch(c.samplesPerPeak(), c.maxFrequency(), c.maxFrequencies()),
                new Classification(c.minPoints(), c.chi2Threshold(), c.excessVarianceThreshold(), c.fapThreshold()), c.qualityZ(),
                c.snrThreshold(), c.gap(), c.injectionKinds().stream().map(k -> InjectedEvent.Kind.of(k.name())).toList(),
                c.injectionAmplitudes(), c.injectionWidths(), c.numInjections(), c.seed());
    }
}
