package io.skyroute.timetag.events;

import java.util.ArrayList;
import java.util.List;

/**
 * Bins an exposure's events into a lightcurve: within each good time interval, whole bins of
 * {@code binSeconds} from the interval's start (a last partial bin is dropped: its rate would be biased);
 * events whose DQ has any bit of the mask set are left out (the mask is the configured one, else the
 * file's SDQFLAGS). Times become MJD at mid-bin (EXPSTART + t / 86400).
 */
public final class Binner {

    private final double binSeconds;
    private final Long dqMask;

    public Binner(double binSeconds, Long dqMask) {
        this.binSeconds = binSeconds;
        this.dqMask = dqMask;
    }

    public BinnedLightcurve bin(EventFile f) {
        long mask = dqMask != null ? dqMask : f.sdqflags();
        List<double[]> bins = new ArrayList<>();
        for (int g = 0; g < f.gti().length; g++) {
            double start = f.gti()[g][0];
            double stop = f.gti()[g][1];
            int n = (int) Math.floor((stop - start) / binSeconds + 1e-9);
            if (n <= 0) {
                continue;
            }
            long[] counts = new long[n];
            for (int i = 0; i < f.events(); i++) {
                double t = f.time()[i];
                if (t < start || t >= start + n * binSeconds || (f.dq() != null && (f.dq()[i] & mask) != 0)) {
                    continue;
                }
                int k = (int) Math.floor((t - start) / binSeconds);
                if (k >= 0 && k < n) {
                    counts[k]++;
                }
            }
            for (int k = 0; k < n; k++) {
                double mid = start + (k + 0.5) * binSeconds;
                bins.add(new double[]{f.expstartMjd() + mid / 86400.0, counts[k], g});
            }
        }
        int size = bins.size();
        double[] mjd = new double[size];
        long[] counts = new long[size];
        double[] rate = new double[size];
        double[] error = new double[size];
        int[] gti = new int[size];
        for (int i = 0; i < size; i++) {
            double[] b = bins.get(i);
            mjd[i] = b[0];
            counts[i] = (long) b[1];
            rate[i] = counts[i] / binSeconds;
            error[i] = Math.sqrt(counts[i]) / binSeconds;
            gti[i] = (int) b[2];
        }
        return new BinnedLightcurve(binSeconds, mjd, counts, rate, error, gti);
    }
}
