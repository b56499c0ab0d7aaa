package io.skyroute.analysis.stats;

import java.util.Arrays;

/** Iterative sigma clipping about the median with the population standard deviation, as astropy's {@code sigma_clip}. */
public final class SigmaClip {

    private SigmaClip() {
    }

    /** The values left after clipping those beyond {@code sigma} standard deviations from the median, up to {@code maxIterations} times. */
    public static double[] clip(double[] values, double sigma, int maxIterations) {
        double[] kept = values.clone();
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            double center = StatisticsCalculator.median(kept);
            double mean = StatisticsCalculator.mean(kept);
            double sumSquares = 0;
            for (double v : kept) {
                sumSquares += (v - mean) * (v - mean);
            }
            double std = Math.sqrt(sumSquares / kept.length);
            double low = center - sigma * std;
            double high = center + sigma * std;
            double[] next = Arrays.stream(kept).filter(v -> v >= low && v <= high).toArray();
            if (next.length == kept.length || next.length == 0) {
                break;
            }
            kept = next;
        }
        return kept;
    }
}
