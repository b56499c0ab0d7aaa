package io.skyroute.photometry.aperture;

import io.skyroute.photometry.fits.Observation;
import io.skyroute.photometry.stats.Statistics;
import io.skyroute.photometry.time.TimeCorrections;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything measured on one frame: its file name, header values and the stars' measurements. A star is
 * looked up by name through an index (ensembles ask every frame for every candidate star: a scan per lookup
 * made a 2,000-frame dataset quadratic in its stars). A dataset's frames list the same stars in one order, so they
 * share one index: one per frame was a map entry per measurement, ~46 bytes of the ~250 a stored measurement kept
 * in the daemon's heap.
 */
public final class FrameMeasurements {

    private final String file;
    private final Observation observation;
    private final List<Measurement> measurements;
    private final StarIndex index;
    private volatile Columns columns;
    private volatile TargetTimes targetTimes;

    /** A dataset's frames list the same stars in one order: they share one index and one array of names, so that comparing orders is a reference check. */
    private static volatile StarIndex lastIndex;

    /** The stars' names in a frame's order and where each first appears. */
    private record StarIndex(String[] names, Map<String, Integer> positions) {

        static StarIndex of(String[] names) {
            Map<String, Integer> positions = new HashMap<>(names.length * 2);
            for (int k = 0; k < names.length; k++) {
                positions.putIfAbsent(names[k], k);
            }
            return new StarIndex(names, positions);
        }
    }

    /**
     * The measurements as arrays in their order, and the median sky of the stars usable for comparison (NaN when
     * none is): computed once per frame, since a dataset's ensemble reads every (cached) frame's measurements on
     * each reduction.
     */
    public record Columns(String[] stars, double[] flux, double[] fluxError, double[] area, double[] sky, double[] peak,
                          boolean[] usable, double usableSkyMedian) {
    }

    public FrameMeasurements(String file, Observation observation, List<Measurement> measurements) {
        this.file = file;
        this.observation = observation;
        this.measurements = List.copyOf(measurements);
        String[] names = new String[this.measurements.size()];
        for (int k = 0; k < names.length; k++) {
            names[k] = this.measurements.get(k).star();
        }
        StarIndex shared = lastIndex;
        if (shared != null && java.util.Arrays.equals(shared.names(), names)) {
            this.index = shared;
        } else {
            this.index = StarIndex.of(names);
            lastIndex = this.index; // a race loses only the sharing
        }
    }

    public String file() {
        return file;
    }

    public Observation observation() {
        return observation;
    }

    public List<Measurement> measurements() {
        return measurements;
    }

    public Columns columns() {
        Columns result = columns;
        if (result == null) {
            int n = measurements.size();
            double[] flux = new double[n];
            double[] fluxError = new double[n];
            double[] area = new double[n];
            double[] sky = new double[n];
            double[] peak = new double[n];
            boolean[] usable = new boolean[n];
            double[] usableSky = new double[n];
            int usableCount = 0;
            for (int k = 0; k < n; k++) {
                Measurement m = measurements.get(k);
                flux[k] = m.flux();
                fluxError[k] = m.fluxError();
                area[k] = m.area();
                sky[k] = m.sky();
                peak[k] = m.peak();
                usable[k] = m.usableForComparison();
                if (usable[k]) {
                    usableSky[usableCount++] = m.sky();
                }
            }
            double skyMedian = usableCount == 0 ? Double.NaN : Statistics.median(usableSky, usableCount);
            result = new Columns(index.names(), flux, fluxError, area, sky, peak, usable, skyMedian);
            columns = result; // a race computes the same arrays twice, harmlessly
        }
        return result;
    }

    /** The frame's mid-exposure time for a target at (ra, dec): BJD_TDB and HJD_UTC. */
    public record TargetTimes(double ra, double dec, double bjdTdb, double hjdUtc) {
    }

    /**
     * The mid-exposure BJD_TDB and HJD_UTC for a target, worked out once per target and kept: a lightcurve is rebuilt
     * from every stored frame each time one lands, and the ephemeris was 4 µs a frame of that rebuild.
     */
    public TargetTimes targetTimes(double ra, double dec) {
        TargetTimes times = targetTimes;
        if (times == null || times.ra() != ra || times.dec() != dec) {
            double mid = observation.midMjd();
            times = new TargetTimes(ra, dec, TimeCorrections.bjdTdb(mid, ra, dec), TimeCorrections.hjdUtc(mid, ra, dec));
            targetTimes = times; // a race works the same numbers out twice, harmlessly
        }
        return times;
    }

    /** The star's measurement on this frame (the first, should a name appear twice), or null. */
    public Measurement of(String star) {
        Integer k = index.positions().get(star);
        return k == null ? null : measurements.get(k);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FrameMeasurements that && file.equals(that.file) && Objects.equals(observation, that.observation)
                && measurements.equals(that.measurements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, observation, measurements);
    }

    @Override
    public String toString() {
        return "FrameMeasurements[file=" + file + ", observation=" + observation + ", measurements=" + measurements.size() + "]";
    }
}
