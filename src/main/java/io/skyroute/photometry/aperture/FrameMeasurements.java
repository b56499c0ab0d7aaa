package io.skyroute.photometry.aperture;

import io.skyroute.photometry.fits.Observation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything measured on one frame: its file name, header values and the stars' measurements. A star is
 * looked up by name through an index (ensembles ask every frame for every candidate star: a scan per lookup
 * made a 2,000-frame dataset quadratic in its stars).
 */
public final class FrameMeasurements {

    private final String file;
    private final Observation observation;
    private final List<Measurement> measurements;
    private final Map<String, Measurement> byStar;
    private volatile Columns columns;

    /**
     * The measurements as arrays in their order: computed once per frame, since a dataset's ensemble reads
     * every (cached) frame's measurements on each reduction.
     */
    public record Columns(String[] stars, double[] flux, double[] fluxError, double[] area, double[] sky, double[] peak,
                          boolean[] usable) {
    }

    public FrameMeasurements(String file, Observation observation, List<Measurement> measurements) {
        this.file = file;
        this.observation = observation;
        this.measurements = List.copyOf(measurements);
        this.byStar = new HashMap<>(this.measurements.size() * 2);
        for (Measurement m : this.measurements) {
            byStar.putIfAbsent(m.star(), m);
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
            result = new Columns(new String[n], new double[n], new double[n], new double[n], new double[n], new double[n], new boolean[n]);
            for (int k = 0; k < n; k++) {
                Measurement m = measurements.get(k);
                result.stars()[k] = m.star();
                result.flux()[k] = m.flux();
                result.fluxError()[k] = m.fluxError();
                result.area()[k] = m.area();
                result.sky()[k] = m.sky();
                result.peak()[k] = m.peak();
                result.usable()[k] = m.usableForComparison();
            }
            columns = result; // a race computes the same arrays twice, harmlessly
        }
        return result;
    }

    /** The star's measurement on this frame (the first, should a name appear twice), or null. */
    public Measurement of(String star) {
        return byStar.get(star);
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
