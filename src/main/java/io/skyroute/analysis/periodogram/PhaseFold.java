package io.skyroute.analysis.periodogram;

/** Phases in [0, 1) of each time at a period, counted from the first time. */
public final class PhaseFold {

    private PhaseFold() {
    }

    public static double[] phases(double[] time, double period) {
        double t0 = Double.POSITIVE_INFINITY;
        for (double t : time) {
            t0 = Math.min(t0, t);
        }
        double[] phase = new double[time.length];
        for (int i = 0; i < time.length; i++) {
            double p = (time[i] - t0) / period;
            phase[i] = p - Math.floor(p);
        }
        return phase;
    }
}
