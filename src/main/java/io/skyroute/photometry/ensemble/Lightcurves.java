package io.skyroute.photometry.ensemble;

import io.skyroute.photometry.aperture.Measurement;
import io.skyroute.photometry.fits.Observation;

import io.skyroute.photometry.stats.Statistics;
import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.Star;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds a star's lightcurve from per-frame measurements and the ensemble's frame scales. */
public final class Lightcurves {

    private Lightcurves() {
    }

    /**
     * Points in time order; frames without the star or without a scale are left out. The normalised
     * flux is in the units of the comparison stars' median frame, so its magnitude uses the median
     * exposure time of the frames ({@code zeroPoint - 2.5 log10(flux / median EXPTIME)}), not each
     * frame's own.
     */
    public static List<LightcurvePoint> of(Star star, List<FrameMeasurements> frames, Ensemble.Result ensemble, double zeroPoint) {
        double[] exposures = frames.stream().mapToDouble(f -> f.observation().exposure()).filter(e -> e > 0).toArray();
        double exposure = exposures.length == 0 ? 1 : Statistics.median(exposures, exposures.length);
        // each frame's point on its own, on every core for a large dataset (its rebuild waits for this on each new frame)
        LightcurvePoint[] made = new LightcurvePoint[frames.size()];
        java.util.stream.IntStream all = java.util.stream.IntStream.range(0, made.length);
        (made.length >= PARALLEL_FROM ? all.parallel() : all).forEach(i -> made[i] = point(star, frames.get(i), ensemble, zeroPoint, exposure));
        List<LightcurvePoint> points = new ArrayList<>(made.length);
        for (LightcurvePoint point : made) {
            if (point != null) {
                points.add(point);
            }
        }
        points.sort(Comparator.comparingDouble(LightcurvePoint::mjd));
        return points;
    }

    /** Below this many frames a parallel loop costs more than it saves (a point is ~0.5 µs). */
    private static final int PARALLEL_FROM = 500;

    /** The star's point on the frame, or null when the frame lacks the star or a scale. */
    private static LightcurvePoint point(Star star, FrameMeasurements frame, Ensemble.Result ensemble, double zeroPoint, double exposure) {
        Measurement m = frame.of(star.name());
        Ensemble.FrameScale scale = ensemble.scale(frame.file());
        if (m == null || scale == null) {
            return null;
        }
        Observation obs = frame.observation();
        double mid = obs.midMjd();
        double flux = scale.normalise(m.flux(), m.area());
        double relativeScaleError = Double.isNaN(scale.error()) ? 0 : scale.error() / scale.scale();
        // the comparison stars' scatter about the model says how honest the photon errors are (chi2 > 1: scale them up)
        double error = Math.abs(flux) * Math.hypot(ensemble.errorScale() * m.fluxError() / (flux * scale.scale()), relativeScaleError);
        int flags = m.flags() | (scale.outlier() != null ? io.skyroute.photometry.aperture.Flags.FRAME_OUTLIER : 0);
        double magnitude = flux > 0 ? zeroPoint - 2.5 * Math.log10(flux / exposure) : Double.NaN;
        double magnitudeError = flux > 0 ? 2.5 / Math.log(10) * error / flux : Double.NaN;
        FrameMeasurements.TargetTimes times = frame.targetTimes(star.ra(), star.dec());
        return new LightcurvePoint(frame.file(), mid, times.bjdTdb(), times.hjdUtc(), obs.filter(), flux, error, magnitude, magnitudeError, flags);
    }
}
