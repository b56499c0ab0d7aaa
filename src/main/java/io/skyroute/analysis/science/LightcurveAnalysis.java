package io.skyroute.analysis.science;

import io.skyroute.analysis.events.Detection;
import io.skyroute.analysis.events.ScanHistograms;
import io.skyroute.analysis.events.Simulator;
import io.skyroute.analysis.lightcurve.Lightcurve;
import io.skyroute.analysis.periodogram.Periodogram;
import io.skyroute.analysis.stats.LightcurveStatistics;

import java.util.List;

/**
 * One filter's analysis: the usable epochs sorted by time with their {@code qflag}s, the statistics and
 * periodogram (null when too few epochs), the detections, the injection trials, the scan histograms.
 */
public record LightcurveAnalysis(Lightcurve lightcurve, int[] qflags, LightcurveStatistics statistics, Periodogram periodogram,
                                 List<Detection> detections, List<Simulator.Trial> trials, ScanHistograms histograms) {

    public LightcurveAnalysis {
        detections = List.copyOf(detections);
        trials = List.copyOf(trials);
    }
}
