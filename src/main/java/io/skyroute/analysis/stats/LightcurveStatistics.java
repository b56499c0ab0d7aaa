package io.skyroute.analysis.stats;

/**
 * One lightcurve's summary in one filter (the statistics table's row). Values are in the lightcurve's
 * units (magnitudes or flux); NaN where a statistic does not apply (e.g. {@code poissonRatio} unless
 * the values are counts) or there is too little data. See docs/analysis.md for each definition.
 */
public record LightcurveStatistics(
        String name, String filter, int points, double span, double cadence,
        double mean, double weightedMean, double median, double clippedMean, double robustRms,
        double chi2Reduced, double excessVariance, double poissonRatio, double pearsonR, double pearsonP,
        double vonNeumann, double bestPeriod, double bestPower, double falseAlarm, double amplitude,
        LightcurveClass kind) {

    /** The row for a lightcurve with no usable data. */
    public static LightcurveStatistics empty(String name, String filter, int points) {
        double nan = Double.NaN;
        return new LightcurveStatistics(name, filter, points, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan,
                nan, nan, LightcurveClass.NULL);
    }

    public LightcurveStatistics withKind(LightcurveClass other) {
        return new LightcurveStatistics(name, filter, points, span, cadence, mean, weightedMean, median, clippedMean, robustRms, chi2Reduced,
                excessVariance, poissonRatio, pearsonR, pearsonP, vonNeumann, bestPeriod, bestPower, falseAlarm, amplitude, other);
    }
}
