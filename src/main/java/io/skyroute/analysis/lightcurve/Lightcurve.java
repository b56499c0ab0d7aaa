package io.skyroute.analysis.lightcurve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One filter's lightcurve as analysis sees it: times (days, MJD or the file's own scale), values with
 * their 1-sigma errors, and per-epoch flags from the source (0 = good). Values are magnitudes
 * ({@link Unit#MAGNITUDE}, brighter is smaller) or fluxes ({@link Unit#FLUX}; {@link Unit#COUNTS} when
 * they are photon counts, where Poisson noise makes stdev/sqrt(mean) meaningful). Optional per-epoch
 * sky level and centroid offsets feed the quality checker; {@code exposure} (seconds per epoch) the
 * exposure histograms. Arrays are owned by the record: callers must not change them.
 */
public record Lightcurve(String name, String filter, Unit unit, double[] time, double[] value, double[] error, int[] flags,
                         double[] sky, double[] centroidOffset, double[] exposure) {

    public enum Unit { MAGNITUDE, FLUX, COUNTS }

    public Lightcurve {
        int n = time.length;
        if (value.length != n || error.length != n || flags.length != n || (sky != null && sky.length != n)
                || (centroidOffset != null && centroidOffset.length != n) || (exposure != null && exposure.length != n)) {
            throw new IllegalArgumentException(name + " " + filter + ": columns of different lengths");
        }
    }

    public static Lightcurve of(String name, String filter, Unit unit, double[] time, double[] value, double[] error) {
        return new Lightcurve(name, filter, unit, time, value, error, new int[time.length], null, null, null);
    }

    public int size() {
        return time.length;
    }

    public boolean magnitudes() {
        return unit == Unit.MAGNITUDE;
    }

    /** The same epochs with other values (an injection), flags and the rest kept. */
    public Lightcurve withValues(double[] values) {
        return new Lightcurve(name, filter, unit, time, values, error, flags, sky, centroidOffset, exposure);
    }

    /** The same epochs with other flags (the quality checker's qflag). */
    public Lightcurve withFlags(int[] newFlags) {
        return new Lightcurve(name, filter, unit, time, value, error, newFlags, sky, centroidOffset, exposure);
    }

    /** The epochs whose time, value and error are finite (error > 0), sorted by time: what every statistic works on. */
    public Lightcurve usable() {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < time.length; i++) {
            if (Double.isFinite(time[i]) && Double.isFinite(value[i]) && Double.isFinite(error[i]) && error[i] > 0) {
                keep.add(i);
            }
        }
        keep.sort((a, b) -> Double.compare(time[a], time[b]));
        return select(keep.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The epochs at these indices, in this order. */
    public Lightcurve select(int[] indices) {
        return new Lightcurve(name, filter, unit, pick(time, indices), pick(value, indices), pick(error, indices),
                Arrays.stream(indices).map(i -> flags[i]).toArray(), sky == null ? null : pick(sky, indices),
                centroidOffset == null ? null : pick(centroidOffset, indices), exposure == null ? null : pick(exposure, indices));
    }

    /** The epochs whose flag is 0. */
    public Lightcurve unflagged() {
        return select(java.util.stream.IntStream.range(0, time.length).filter(i -> flags[i] == 0).toArray());
    }

    private static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    /** Total exposure in seconds, or NaN when the file did not say. */
    public double totalExposure() {
        if (exposure == null) {
            return Double.NaN;
        }
        double sum = 0;
        for (double e : exposure) {
            if (Double.isFinite(e)) {
                sum += e;
            }
        }
        return sum;
    }
}
