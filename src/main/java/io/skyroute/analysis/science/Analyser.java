package io.skyroute.analysis.science;

import io.skyroute.analysis.events.Detection;
import io.skyroute.analysis.events.Finder;
import io.skyroute.analysis.events.InjectedEvent;
import io.skyroute.analysis.events.QualityChecker;
import io.skyroute.analysis.events.ScanHistograms;
import io.skyroute.analysis.events.Simulator;
import io.skyroute.analysis.lightcurve.Lightcurve;
import io.skyroute.analysis.stats.StatisticsCalculator;

import java.util.ArrayList;
import java.util.List;

/**
 * Analyses one filter's lightcurve as AstroRetriever's pipeline does: quality flags, statistics and
 * periodogram on the good epochs, the finder's detections per season, injection trials, scan histograms.
 */
public final class Analyser {

    private final AnalysisSettings settings;
    private final QualityChecker quality;
    private final StatisticsCalculator statistics;
    private final Finder finder;

    public Analyser(AnalysisSettings settings) {
        this.settings = settings;
        this.quality = new QualityChecker(settings.qualityZ());
        this.statistics = new StatisticsCalculator(settings.periodSearch(), settings.classification());
        this.finder = new Finder(settings.snrThreshold(), settings.gapDays());
    }

    public AnalysisSettings settings() {
        return settings;
    }

    public LightcurveAnalysis analyse(Lightcurve lightcurve) {
        Lightcurve sorted = sortedByTime(lightcurve);
        int[] qflags = quality.qflags(sorted);
        Lightcurve flagged = sorted.withFlags(qflags);
        StatisticsCalculator.Result stats = statistics.compute(flagged);
        List<Detection> detections = finder.find(sorted, qflags);
        List<Simulator.Trial> trials = new ArrayList<>();
        if (settings.injections() > 0) {
            trials.addAll(inject(sorted, qflags, settings.injectionKinds(), settings.injectionAmplitudes(), settings.injectionWidths(),
                    settings.injections()));
        }
        return new LightcurveAnalysis(sorted, qflags, stats.statistics(), stats.periodogram(), detections, trials,
                ScanHistograms.of(sorted, qflags));
    }

    /** Injection trials only: every kind x amplitude x width, {@code count} times each. */
    public List<Simulator.Trial> inject(Lightcurve sortedLightcurve, int[] qflags, List<InjectedEvent.Kind> kinds, List<Double> amplitudes,
                                        List<Double> widths, int count) {
        Simulator simulator = new Simulator(finder);
        List<Simulator.Trial> trials = new ArrayList<>();
        long seed = settings.seed();
        for (InjectedEvent.Kind kind : kinds) {
            for (double amplitude : amplitudes) {
                for (double width : widths) {
                    trials.addAll(simulator.run(sortedLightcurve, qflags, kind, amplitude, width, count, seed++));
                }
            }
        }
        return trials;
    }

    public int[] qflags(Lightcurve sorted) {
        return quality.qflags(sorted);
    }

    /** The epochs sorted by time (all of them: unusable ones are flagged, not dropped, so the plots can show them). */
    public static Lightcurve sortedByTime(Lightcurve lc) {
        Integer[] order = new Integer[lc.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(lc.time()[a], lc.time()[b]));
        return lc.select(java.util.Arrays.stream(order).filter(i -> Double.isFinite(lc.time()[i])).mapToInt(Integer::intValue).toArray());
    }
}
