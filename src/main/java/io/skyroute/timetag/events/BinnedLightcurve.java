package io.skyroute.timetag.events;

/**
 * Counts in time bins: mid-bin time (MJD), counts, rate (counts/s), its 1-sigma error (sqrt(counts)/bin),
 * and the index of the good time interval each bin lies in.
 */
public record BinnedLightcurve(double binSeconds, double[] mjd, long[] counts, double[] rate, double[] error, int[] gti) {

    public int size() {
        return mjd.length;
    }
}
