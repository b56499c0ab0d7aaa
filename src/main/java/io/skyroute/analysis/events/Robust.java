package io.skyroute.analysis.events;

import java.util.Arrays;

/** Median and the MAD-based standard deviation (1.4826 MAD), which a few outliers cannot move. */
final class Robust {

    private Robust() {
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    static double scatter(double[] values, double median) {
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        return 1.4826 * median(deviations);
    }
}
