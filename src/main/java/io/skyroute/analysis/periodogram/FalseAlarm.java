package io.skyroute.analysis.periodogram;

import org.apache.commons.math3.special.Gamma;

/**
 * The false-alarm probability of a peak of the "standard"-normalised periodogram by Baluev's (2008,
 * MNRAS 385, 1279) upper bound, as astropy's {@code false_alarm_probability(method="baluev")}: the
 * single-frequency probability combined with the Davies bound over the effective number of independent
 * frequencies up to {@code maximumFrequency}, from the weighted variance of the times.
 */
public final class FalseAlarm {

    private FalseAlarm() {
    }

    public static double baluev(double power, double maximumFrequency, double[] time, double[] error) {
        int n = time.length;
        if (n < 4 || !(power > 0)) {
            return 1.0;
        }
        double nh = n - 1;   // degrees of freedom: constant model
        double nk = n - 3;   // sinusoid + constant
        double w = 0;
        double wt = 0;
        double wt2 = 0;
        double t0 = time[0];   // counted from the first epoch: mean(t^2) - mean(t)^2 on raw MJDs loses digits
        for (int i = 0; i < n; i++) {
            double wi = 1.0 / (error[i] * error[i]);
            double t = time[i] - t0;
            w += wi;
            wt += wi * t;
            wt2 += wi * t * t;
        }
        double mean = wt / w;
        double variance = wt2 / w - mean * mean;
        double effectiveBaseline = Math.sqrt(4 * Math.PI * variance);
        double bandwidth = maximumFrequency * effectiveBaseline;
        double z = Math.min(power, 1.0);
        double gamma = Math.sqrt(2 / nh) * Math.exp(Gamma.logGamma(nh / 2) - Gamma.logGamma((nh - 1) / 2));
        double tau = gamma * bandwidth * Math.pow(1 - z, 0.5 * (nk - 1)) * Math.sqrt(0.5 * nh * z);
        double single = Math.pow(1 - z, 0.5 * nk);
        // 1 - (1 - single) exp(-tau), written so that tiny probabilities (1e-150) keep their digits
        return Math.min(1.0, Math.max(0.0, -Math.expm1(-tau) + single * Math.exp(-tau)));
    }
}
