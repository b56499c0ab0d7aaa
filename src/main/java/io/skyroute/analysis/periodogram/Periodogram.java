package io.skyroute.analysis.periodogram;

/**
 * A periodogram on its grid: the power per frequency, the semi-amplitude of the best-fitting sinusoid
 * (in the data's units) per frequency, and the weighted mean it floated around.
 */
public record Periodogram(FrequencyGrid grid, double[] power, double[] amplitude, double weightedMean) {

    /** The index of the highest finite power. */
    public int best() {
        int best = 0;
        for (int k = 1; k < power.length; k++) {
            if (Double.isFinite(power[k]) && (!Double.isFinite(power[best]) || power[k] > power[best])) {
                best = k;
            }
        }
        return best;
    }

    public double bestFrequency() {
        return grid.frequency(best());
    }

    public double bestPeriod() {
        return 1.0 / bestFrequency();
    }

    public double bestPower() {
        return power[best()];
    }

    public double bestAmplitude() {
        return amplitude[best()];
    }
}
