package io.skyroute.analysis.stats;

/**
 * The period search's settings: grid oversampling over the span ({@code samplesPerPeak}), the highest
 * frequency searched in cycles per day ({@code maximumFrequency}, below the cadence's pseudo-Nyquist),
 * and a cap on the grid's size ({@code maxFrequencies}).
 */
public record PeriodSearch(double samplesPerPeak, double maximumFrequency, int maxFrequencies) {

    public static PeriodSearch defaults() {
        return new PeriodSearch(5, 48, 200_000);
    }
}
