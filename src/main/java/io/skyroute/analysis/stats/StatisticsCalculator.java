package io.skyroute.analysis.stats;

import io.skyroute.analysis.lightcurve.Lightcurve;
import io.skyroute.analysis.periodogram.FalseAlarm;
import io.skyroute.analysis.periodogram.FrequencyGrid;
import io.skyroute.analysis.periodogram.GeneralisedLombScargle;
import io.skyroute.analysis.periodogram.Periodogram;
import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;

/**
 * Computes a lightcurve's {@link LightcurveStatistics} and periodogram on its usable, unflagged epochs.
 * The definitions follow numpy/scipy/astropy (sample variances with ddof = 1 unless said; sigma
 * clipping as astropy's {@code sigma_clipped_stats(sigma=3, maxiters=5)}; Pearson's p two-sided as
 * scipy's {@code pearsonr}), so the reference values in the tests come from those libraries.
 */
public final class StatisticsCalculator {

    /** The statistics and the periodogram they came from (null when there was too little data for one). */
    public record Result(LightcurveStatistics statistics, Periodogram periodogram, Lightcurve used) {
    }

    private final PeriodSearch search;
    private final Classification classification;

    public StatisticsCalculator(PeriodSearch search, Classification classification) {
        this.search = search;
        this.classification = classification;
    }

    public Result compute(Lightcurve lightcurve) {
        Lightcurve lc = lightcurve.usable().unflagged();
        int n = lc.size();
        if (n < 3) {
            return new Result(LightcurveStatistics.empty(lightcurve.name(), lightcurve.filter(), n), null, lc);
        }
        double[] t = lc.time();
        double[] x = lc.value();
        double[] e = lc.error();
        double mean = mean(x);
        double variance = variance(x, mean);
        double weightSum = 0;
        double weighted = 0;
        double meanErrorSquared = 0;
        for (int i = 0; i < n; i++) {
            double w = 1 / (e[i] * e[i]);
            weightSum += w;
            weighted += w * x[i];
            meanErrorSquared += e[i] * e[i] / n;
        }
        double weightedMean = weighted / weightSum;
        double chi2 = 0;
        for (int i = 0; i < n; i++) {
            double r = (x[i] - weightedMean) / e[i];
            chi2 += r * r;
        }
        double excess = variance - meanErrorSquared;
        if (!lc.magnitudes()) {
            excess /= mean * mean;
        }
        double[] clipped = SigmaClip.clip(x, 3, 5);
        double clippedMean = mean(clipped);
        double robustRms = Math.sqrt(variance(clipped, clippedMean) * (clipped.length - 1) / clipped.length);
        double poisson = lc.unit() == Lightcurve.Unit.COUNTS && mean > 0 ? Math.sqrt(variance) / Math.sqrt(mean) : Double.NaN;
        double[] pearson = pearson(t, x);
        double successive = 0;
        for (int i = 1; i < n; i++) {
            successive += (x[i] - x[i - 1]) * (x[i] - x[i - 1]);
        }
        double vonNeumann = successive / (n - 1) / variance;
        Periodogram periodogram = null;
        double period = Double.NaN;
        double power = Double.NaN;
        double fap = Double.NaN;
        double amplitude = Double.NaN;
        FrequencyGrid grid = n >= 4 ? FrequencyGrid.forTimes(t, search.samplesPerPeak(), search.maximumFrequency(), search.maxFrequencies()) : null;
        if (grid != null && variance > 0) {
            periodogram = GeneralisedLombScargle.compute(t, x, e, grid);
            period = periodogram.bestPeriod();
            power = periodogram.bestPower();
            amplitude = periodogram.bestAmplitude();
            fap = FalseAlarm.baluev(power, grid.maximum(), t, e);
        }
        LightcurveStatistics s = new LightcurveStatistics(lightcurve.name(), lightcurve.filter(), n, t[n - 1] - t[0], medianGap(t), mean,
                weightedMean, median(x), clippedMean, robustRms, chi2 / (n - 1), excess, poisson, pearson[0], pearson[1], vonNeumann,
                period, power, fap, amplitude, LightcurveClass.NULL);
        return new Result(s.withKind(classification.classify(s)), periodogram, lc);
    }

    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** Sample variance (ddof = 1). */
    static double variance(double[] x, double mean) {
        double sum = 0;
        for (double v : x) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (x.length - 1);
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    private static double medianGap(double[] sortedTimes) {
        double[] gaps = new double[sortedTimes.length - 1];
        for (int i = 1; i < sortedTimes.length; i++) {
            gaps[i - 1] = sortedTimes[i] - sortedTimes[i - 1];
        }
        return median(gaps);
    }

    /** Pearson's r and its two-sided p (Student's t with n - 2 degrees of freedom, as scipy). */
    static double[] pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        if (saa == 0 || sbb == 0) {
            return new double[]{Double.NaN, Double.NaN};
        }
        double r = Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
        if (n < 3 || Math.abs(r) == 1) {
            return new double[]{r, Math.abs(r) == 1 ? 0 : Double.NaN};
        }
        double tStat = r * Math.sqrt((n - 2) / (1 - r * r));
        double p = 2 * new TDistribution(null, n - 2).cumulativeProbability(-Math.abs(tStat));
        return new double[]{r, p};
    }
}
