package io.skyroute.analysis.stats;

/**
 * How a lightcurve is classed: {@code null} with fewer than {@code minPoints} usable epochs;
 * {@code interesting} when its reduced chi-square against a constant exceeds {@code chi2Threshold},
 * its excess variance exceeds {@code excessVarianceThreshold}, or its periodogram's highest peak has a
 * false-alarm probability below {@code fapThreshold}; {@code boring} otherwise.
 */
public record Classification(int minPoints, double chi2Threshold, double excessVarianceThreshold, double fapThreshold) {

    public static Classification defaults() {
        return new Classification(10, 10.0, 0.01, 1e-3);
    }

    public LightcurveClass classify(LightcurveStatistics s) {
        if (s.points() < minPoints || !Double.isFinite(s.mean())) {
            return LightcurveClass.NULL;
        }
        boolean variable = s.chi2Reduced() > chi2Threshold || s.excessVariance() > excessVarianceThreshold
                || (Double.isFinite(s.falseAlarm()) && s.falseAlarm() < fapThreshold);
        return variable ? LightcurveClass.INTERESTING : LightcurveClass.BORING;
    }
}
