package io.skyroute.analysis.periodogram;

import java.util.Arrays;

/**
 * An evenly spaced frequency grid (cycles per day): {@code minimum + step * k}, k = 0 .. count-1.
 * {@link #forTimes} builds it from the data: the step resolves a peak over the time span
 * ({@code 1 / (samplesPerPeak * span)}), it starts one step above zero, and it ends at the lower of
 * the pseudo-Nyquist frequency of the median cadence ({@code 0.5 / median dt}) and {@code maximum};
 * if that would exceed {@code maxCount} frequencies the step is widened to fit.
 */
public record FrequencyGrid(double minimum, double step, int count) {

    public FrequencyGrid {
        if (!(step > 0) || count < 1 || !(minimum > 0)) {
            throw new IllegalArgumentException("frequency grid needs minimum > 0, step > 0 and count >= 1");
        }
    }

    public double frequency(int k) {
        return minimum + step * k;
    }

    public double maximum() {
        return frequency(count - 1);
    }

    public double[] frequencies() {
        double[] f = new double[count];
        for (int k = 0; k < count; k++) {
            f[k] = frequency(k);
        }
        return f;
    }

    /** The grid for these (sorted or not) times; null when the span or cadence is zero (one epoch, or all at one time). */
    public static FrequencyGrid forTimes(double[] time, double samplesPerPeak, double maximum, int maxCount) {
        if (time.length < 2) {
            return null;
        }
        double[] sorted = time.clone();
        Arrays.sort(sorted);
        double span = sorted[sorted.length - 1] - sorted[0];
        double[] gaps = new double[sorted.length - 1];
        int positive = 0;
        for (int i = 1; i < sorted.length; i++) {
            double dt = sorted[i] - sorted[i - 1];
            if (dt > 0) {
                gaps[positive++] = dt;
            }
        }
        if (!(span > 0) || positive == 0) {
            return null;
        }
        double[] used = Arrays.copyOf(gaps, positive);
        Arrays.sort(used);
        double medianGap = positive % 2 == 1 ? used[positive / 2] : 0.5 * (used[positive / 2 - 1] + used[positive / 2]);
        double step = 1.0 / (samplesPerPeak * span);
        double top = Math.min(0.5 / medianGap, maximum);
        if (top <= step) {
            top = 2 * step;
        }
        int count = (int) Math.min(Integer.MAX_VALUE - 1L, (long) Math.floor((top - step) / step) + 1);
        if (count > maxCount) {
            step = (top - step) / (maxCount - 1);
            count = maxCount;
        }
        return new FrequencyGrid(step, step, count);
    }
}
