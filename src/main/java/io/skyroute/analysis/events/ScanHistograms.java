package io.skyroute.analysis.events;

import io.skyroute.analysis.lightcurve.Lightcurve;

import java.util.Map;
import java.util.TreeMap;

/**
 * What was scanned, to turn a null result into a rate limit (AstroRetriever's histograms): good epochs
 * counted by brightness (0.5 mag bins, or 0.25 dex of flux for flux lightcurves) and by the time since the
 * previous epoch (0.25 dex of days). Histograms add: the total over many lightcurves is the sum of theirs.
 */
public record ScanHistograms(Map<Double, Long> byBrightness, Map<Double, Long> byCadence) {

    public ScanHistograms {
        byBrightness = new TreeMap<>(byBrightness);
        byCadence = new TreeMap<>(byCadence);
    }

    public static ScanHistograms empty() {
        return new ScanHistograms(Map.of(), Map.of());
    }

    public static ScanHistograms of(Lightcurve sorted, int[] qflags) {
        Map<Double, Long> brightness = new TreeMap<>();
        Map<Double, Long> cadence = new TreeMap<>();
        double previous = Double.NaN;
        for (int i = 0; i < sorted.size(); i++) {
            if (qflags[i] != 0) {
                continue;
            }
            double v = sorted.value()[i];
            double bin = sorted.magnitudes() ? Math.floor(v / 0.5) * 0.5 : v > 0 ? Math.floor(Math.log10(v) / 0.25) * 0.25 : Double.NaN;
            if (Double.isFinite(bin)) {
                brightness.merge(bin, 1L, Long::sum);
            }
            double t = sorted.time()[i];
            if (Double.isFinite(previous) && t > previous) {
                cadence.merge(Math.floor(Math.log10(t - previous) / 0.25) * 0.25, 1L, Long::sum);
            }
            previous = t;
        }
        return new ScanHistograms(brightness, cadence);
    }

    public ScanHistograms plus(ScanHistograms other) {
        Map<Double, Long> b = new TreeMap<>(byBrightness);
        other.byBrightness.forEach((k, v) -> b.merge(k, v, Long::sum));
        Map<Double, Long> c = new TreeMap<>(byCadence);
        other.byCadence.forEach((k, v) -> c.merge(k, v, Long::sum));
        return new ScanHistograms(b, c);
    }
}
