package io.skyroute.reduction;

import io.skyroute.photometry.ensemble.Ensemble;
import io.skyroute.photometry.ensemble.LightcurvePoint;
import io.skyroute.photometry.stats.Statistics;

import java.util.ArrayList;
import java.util.List;

/**
 * A lightcurve's own checks, before anyone may see it as the target's: the target was detected within
 * 2 arcsec of its coordinates on the catalogue's reference image (otherwise the aperture sat on blank sky
 * or on another star), at least two points, the target's median S/N at least {@code target_min_snr}
 * (blank sky gives S/N of order 1), and a comparison ensemble to normalise on. A lightcurve that fails is
 * still written, flagged {@code quality: failed} with the reasons, and never published.
 */
public final class LightcurveChecks {

    /** The verdict: passed, or the reasons it failed. */
    public record Quality(boolean passed, List<String> reasons) {

        static Quality ok() {
            return new Quality(true, List.of());
        }

        public String summary() {
            return passed ? "passed" : "failed: " + String.join("; ", reasons);
        }
    }

    private LightcurveChecks() {
    }

    static Quality check(boolean targetDetected, String coordinatesSource, List<LightcurvePoint> points, Ensemble.Result ensemble,
                         double targetMinSnr) {
        List<String> reasons = new ArrayList<>();
        if (!targetDetected) {
            reasons.add("the target is not detected within " + StarCatalogue.TARGET_MATCH_ARCSEC + " arcsec of its coordinates (from "
                    + coordinatesSource + ") on the reference image: check target RA/Dec in reduction_config.yaml");
        }
        List<LightcurvePoint> usable = points.stream().filter(p -> p.flux() > 0 && p.fluxError() > 0).toList();
        if (usable.size() < 2) {
            reasons.add(usable.size() + " usable point(s): at least 2 are needed");
        } else {
            double[] snr = usable.stream().mapToDouble(p -> p.flux() / p.fluxError()).toArray();
            double median = Statistics.median(snr, snr.length);
            if (median < targetMinSnr) {
                reasons.add(String.format("the target's median S/N is %.1f, below target_min_snr %.1f", median, targetMinSnr));
            }
        }
        if (ensemble.comparisonStars().isEmpty()) {
            reasons.add("no comparison star to normalise on");
        }
        return reasons.isEmpty() ? Quality.ok() : new Quality(false, List.copyOf(reasons));
    }
}
