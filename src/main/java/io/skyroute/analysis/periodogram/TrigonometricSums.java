package io.skyroute.analysis.periodogram;

import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Sums {@code S(k) = sum_j a_j exp(i omega_k t_j)} over an even grid {@code omega_k = omega0 + k dOmega},
 * k = 0 .. K-1: the only costly part of a Lomb-Scargle periodogram. {@link #direct} evaluates them
 * term by term with a rotation recurrence (O(N K), exact to rounding); {@link #fast} with a non-uniform
 * FFT by Gaussian gridding (Greengard &amp; Lee 2004, SIAM Rev. 46, 443: oversampling 2, 12 grid points
 * each side), O(N + K log K) and accurate to ~1e-12 of sum|a_j| — unlike the extirpolation behind
 * astropy's "fast" method (Press &amp; Rybicki 1989), which trades accuracy for speed.
 */
public final class TrigonometricSums {

    private static final int SPREAD = 12;
    private static final int OVERSAMPLING = 2;

    private TrigonometricSums() {
    }

    /** {re, im} of the K sums, term by term. */
    public static double[][] direct(double[] t, double[] a, double omega0, double dOmega, int count) {
        double[] re = new double[count];
        double[] im = new double[count];
        for (int j = 0; j < t.length; j++) {
            double c = Math.cos(omega0 * t[j]);
            double s = Math.sin(omega0 * t[j]);
            double dc = Math.cos(dOmega * t[j]);
            double ds = Math.sin(dOmega * t[j]);
            double aj = a[j];
            for (int k = 0; k < count; k++) {
                re[k] += aj * c;
                im[k] += aj * s;
                double next = c * dc - s * ds;
                s = s * dc + c * ds;
                c = next;
            }
        }
        return new double[][]{re, im};
    }

    /** {re, im} of the K sums by Gaussian-gridding non-uniform FFT. */
    public static double[][] fast(double[] t, double[] a, double omega0, double dOmega, int count) {
        int modes = Integer.highestOneBit(Math.max(count, 8) - 1) << 1;   // M: power of two >= count
        int grid = OVERSAMPLING * modes;                                   // Mr
        double h = 2 * Math.PI / grid;
        double tau = Math.PI * SPREAD / ((double) modes * modes * OVERSAMPLING * (OVERSAMPLING - 0.5));
        double[] e3 = new double[2 * SPREAD];
        for (int l = -SPREAD + 1; l <= SPREAD; l++) {
            e3[l + SPREAD - 1] = Math.exp(-(l * h) * (l * h) / (4 * tau));
        }
        double[][] f = new double[2][grid];
        double[] fr = f[0];
        double[] fi = f[1];
        // outputs k = k' + M/2 with k' in [-M/2, M/2): fold omega0 + (M/2) dOmega into the amplitudes,
        // and spread at x = -dOmega t (mod 2 pi) so that the forward FFT's exp(-i k x) is exp(+i k dOmega t)
        double shift = omega0 + (modes / 2) * dOmega;
        for (int j = 0; j < t.length; j++) {
            double phase = shift * t[j];
            double cr = a[j] * Math.cos(phase);
            double ci = a[j] * Math.sin(phase);
            double x = -dOmega * t[j];
            x -= 2 * Math.PI * Math.floor(x / (2 * Math.PI));
            int m0 = (int) Math.floor(x / h);
            double xi = x - m0 * h;
            double e1 = Math.exp(-xi * xi / (4 * tau));
            double e2 = Math.exp(xi * h / (2 * tau));
            double e2l = Math.pow(e2, -SPREAD + 1);
            for (int l = -SPREAD + 1; l <= SPREAD; l++) {
                double w = e1 * e2l * e3[l + SPREAD - 1];
                int m = Math.floorMod(m0 + l, grid);
                fr[m] += w * cr;
                fi[m] += w * ci;
                e2l *= e2;
            }
        }
        FastFourierTransformer.transformInPlace(f, DftNormalization.STANDARD, TransformType.FORWARD);
        double[] re = new double[count];
        double[] im = new double[count];
        double scale = Math.sqrt(Math.PI / tau) / grid;
        for (int k = 0; k < count; k++) {
            int kp = k - modes / 2;
            double factor = scale * Math.exp(kp * (double) kp * tau);
            int index = Math.floorMod(kp, grid);
            re[k] = factor * fr[index];
            im[k] = factor * fi[index];
        }
        return new double[][]{re, im};
    }
}
