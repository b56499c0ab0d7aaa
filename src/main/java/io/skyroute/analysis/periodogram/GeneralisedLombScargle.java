package io.skyroute.analysis.periodogram;

/**
 * The generalised Lomb-Scargle periodogram with errors and a floating mean (Zechmeister &amp; Kürster
 * 2009, A&amp;A 496, 577, eq. 4-5 and 20), in the "standard" normalisation astropy's {@code LombScargle}
 * uses: {@code p = 1 - chi2(f) / chi2_constant}, between 0 and 1. Times are shifted to start at zero
 * (the power does not depend on the origin; the phases stay well conditioned). The trigonometric sums
 * come from {@link TrigonometricSums}: term by term for small problems, a non-uniform FFT otherwise.
 */
public final class GeneralisedLombScargle {

    /** Below this many terms (points x frequencies) the direct sums are cheaper than the FFT's set-up. */
    static final long DIRECT_BELOW = 40_000;

    public enum Method { AUTO, DIRECT, FAST }

    private GeneralisedLombScargle() {
    }

    public static Periodogram compute(double[] time, double[] value, double[] error, FrequencyGrid grid) {
        return compute(time, value, error, grid, Method.AUTO);
    }

    public static Periodogram compute(double[] time, double[] value, double[] error, FrequencyGrid grid, Method method) {
        int n = time.length;
        double t0 = Double.POSITIVE_INFINITY;
        for (double t : time) {
            t0 = Math.min(t0, t);
        }
        double[] t = new double[n];
        double[] w = new double[n];
        double wSum = 0;
        for (int i = 0; i < n; i++) {
            t[i] = time[i] - t0;
            w[i] = 1.0 / (error[i] * error[i]);
            wSum += w[i];
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            w[i] /= wSum;
            mean += w[i] * value[i];
        }
        double[] wy = new double[n];
        double yy = 0;
        for (int i = 0; i < n; i++) {
            double y = value[i] - mean;
            wy[i] = w[i] * y;
            yy += w[i] * y * y;
        }
        double[] t2 = new double[n];
        for (int i = 0; i < n; i++) {
            t2[i] = 2 * t[i];
        }
        double omega0 = 2 * Math.PI * grid.minimum();
        double dOmega = 2 * Math.PI * grid.step();
        int count = grid.count();
        boolean direct = method == Method.DIRECT || (method == Method.AUTO && (long) n * count < DIRECT_BELOW);
        double[][] w1 = direct ? TrigonometricSums.direct(t, w, omega0, dOmega, count) : TrigonometricSums.fast(t, w, omega0, dOmega, count);
        double[][] w2 = direct ? TrigonometricSums.direct(t2, w, omega0, dOmega, count) : TrigonometricSums.fast(t2, w, omega0, dOmega, count);
        double[][] y1 = direct ? TrigonometricSums.direct(t, wy, omega0, dOmega, count) : TrigonometricSums.fast(t, wy, omega0, dOmega, count);
        double[] power = new double[count];
        double[] amplitude = new double[count];
        for (int k = 0; k < count; k++) {
            double c = w1[0][k];
            double s = w1[1][k];
            double c2 = w2[0][k];
            double s2 = w2[1][k];
            double yc = y1[0][k];
            double ys = y1[1][k];
            double cc = 0.5 * (1 + c2) - c * c;
            double ss = 0.5 * (1 - c2) - s * s;
            double cs = 0.5 * s2 - c * s;
            double d = cc * ss - cs * cs;
            power[k] = (ss * yc * yc + cc * ys * ys - 2 * cs * yc * ys) / (yy * d);
            double a = (yc * ss - ys * cs) / d;
            double b = (ys * cc - yc * cs) / d;
            amplitude[k] = Math.hypot(a, b);
        }
        return new Periodogram(grid, power, amplitude, mean);
    }
}
