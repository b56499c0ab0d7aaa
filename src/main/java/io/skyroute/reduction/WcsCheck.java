package io.skyroute.reduction;

import io.skyroute.photometry.wcs.AffineCorrection;
import io.skyroute.photometry.wcs.Projection;
import io.skyroute.photometry.detection.Source;
import io.skyroute.photometry.aperture.Star;
import io.skyroute.photometry.stats.Statistics;
import io.skyroute.photometry.wcs.Wcs;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a frame's WCS against the catalogue: the brightest catalogue stars are projected onto the
 * frame and paired with the stars detected on it. A WCS that puts them where they are is used as it
 * is; one that is off (a shift, rotation or scale) is refined by an affine fit to the pairs; one that
 * cannot be confirmed (too few pairs, or pairs that still disagree) excludes the frame with a reason.
 */
final class WcsCheck {

    static final int MIN_PAIRS = 5;
    static final double MAX_RMS_PX = 1.0;
    private static final int STARS_USED = 80;
    private static final double SEARCH_PX = 30;
    private static final double PAIR_PX = 2.0;
    private static final double GOOD_ENOUGH_PX = 0.3;

    /** The projection to measure with, or why the frame is excluded; what was done, for the log. */
    record Outcome(Projection projection, String exclusion, String note) {
    }

    private WcsCheck() {
    }

    /** Where the WCS puts the brightest catalogue stars that fall on the frame (0-based px): the stars the check pairs. */
    static List<double[]> predicted(Wcs wcs, List<Star> catalogue, int width, int height) {
        List<double[]> predicted = new ArrayList<>();
        for (Star star : catalogue) {
            if (predicted.size() >= STARS_USED) {
                break;
            }
            double[] p = wcs.skyToPixel(star.ra(), star.dec());
            if (p[0] >= 0 && p[1] >= 0 && p[0] < width && p[1] < height) {
                predicted.add(p);
            }
        }
        return predicted;
    }

    static Outcome check(Wcs wcs, List<Star> catalogue, List<Source> detected, int width, int height) {
        List<double[]> predicted = predicted(wcs, catalogue, width, height);
        // a coarse shift first (median of nearest neighbours within a wide radius), then pairs close to it
        double[] shift = medianShift(predicted, detected);
        List<AffineCorrection.Pair> pairs = pairs(predicted, detected, shift, PAIR_PX);
        if (pairs.size() < MIN_PAIRS) {
            return new Outcome(null, "WCS cannot be confirmed: " + pairs.size() + " of " + predicted.size()
                    + " catalogue stars found where the WCS puts them (need " + MIN_PAIRS + ")", null);
        }
        double identityRms = AffineCorrection.IDENTITY.rms(pairs);
        if (identityRms <= GOOD_ENOUGH_PX) {
            return new Outcome(wcs, null, String.format("WCS confirmed by %d stars (rms %.2f px)", pairs.size(), identityRms));
        }
        AffineCorrection correction = AffineCorrection.fit(pairs);
        double rms = correction.rms(pairs);
        if (rms > MAX_RMS_PX) {
            return new Outcome(null, String.format("WCS cannot be trusted: %d stars disagree by %.2f px rms even after an affine fit",
                    pairs.size(), rms), null);
        }
        return new Outcome(correction.after(wcs), null, String.format("WCS refined: %d stars off by %.2f px rms, %.2f px after an affine fit",
                pairs.size(), identityRms, rms));
    }

    private static double[] medianShift(List<double[]> predicted, List<Source> detected) {
        double[] dx = new double[predicted.size()];
        double[] dy = new double[predicted.size()];
        int n = 0;
        for (double[] p : predicted) {
            Source nearest = nearest(p[0], p[1], detected, SEARCH_PX);
            if (nearest != null) {
                dx[n] = nearest.x() - p[0];
                dy[n] = nearest.y() - p[1];
                n++;
            }
        }
        return n == 0 ? new double[]{0, 0} : new double[]{Statistics.median(dx, n), Statistics.median(dy, n)};
    }

    private static List<AffineCorrection.Pair> pairs(List<double[]> predicted, List<Source> detected, double[] shift, double radius) {
        List<AffineCorrection.Pair> pairs = new ArrayList<>();
        for (double[] p : predicted) {
            Source nearest = nearest(p[0] + shift[0], p[1] + shift[1], detected, radius);
            if (nearest != null) {
                pairs.add(new AffineCorrection.Pair(p[0], p[1], nearest.x(), nearest.y()));
            }
        }
        return pairs;
    }

    private static Source nearest(double x, double y, List<Source> detected, double radius) {
        Source best = null;
        double bestDistance = radius;
        for (Source s : detected) {
            double d = Math.hypot(s.x() - x, s.y() - y);
            if (d <= bestDistance) {
                bestDistance = d;
                best = s;
            }
        }
        return best;
    }
}
