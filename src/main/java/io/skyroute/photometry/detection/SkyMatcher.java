package io.skyroute.photometry.detection;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Cross-matches positions on the sky: for each query, the nearest of a fixed set within a radius.
 * The set is sorted by declination so each query scans only a narrow band.
 */
public final class SkyMatcher<T> {

    private final Object[] items;
    private final double[] ra;
    private final double[] dec;

    public SkyMatcher(List<T> candidates, ToDoubleFunction<T> raOf, ToDoubleFunction<T> decOf) {
        Object[] sorted = candidates.stream().sorted(Comparator.comparingDouble(decOf)).toArray();
        this.items = sorted;
        this.ra = new double[sorted.length];
        this.dec = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            @SuppressWarnings("unchecked") T item = (T) sorted[i];
            ra[i] = raOf.applyAsDouble(item);
            dec[i] = decOf.applyAsDouble(item);
        }
    }

    /** The nearest candidate within {@code radiusArcsec} of (raDeg, decDeg), or null. */
    @SuppressWarnings("unchecked")
    public T nearest(double raDeg, double decDeg, double radiusArcsec) {
        double radius = radiusArcsec / 3600.0;
        int from = Arrays.binarySearch(dec, decDeg - radius);
        from = from < 0 ? -from - 1 : from;
        T best = null;
        double bestDistance = radius;
        for (int i = from; i < dec.length && dec[i] <= decDeg + radius; i++) {
            double distance = separationDegrees(raDeg, decDeg, ra[i], dec[i]);
            if (distance <= bestDistance) {
                bestDistance = distance;
                best = (T) items[i];
            }
        }
        return best;
    }

    /** Angular separation (haversine, accurate at small angles). */
    public static double separationDegrees(double ra1, double dec1, double ra2, double dec2) {
        double d2r = Math.PI / 180;
        double sinDdec = Math.sin((dec2 - dec1) * d2r / 2);
        double sinDra = Math.sin((ra2 - ra1) * d2r / 2);
        double a = sinDdec * sinDdec + Math.cos(dec1 * d2r) * Math.cos(dec2 * d2r) * sinDra * sinDra;
        return 2 * Math.asin(Math.min(1, Math.sqrt(a))) / d2r;
    }
}
