package io.skyroute.analysis.events;

import io.skyroute.analysis.lightcurve.Lightcurve;

import java.util.ArrayList;
import java.util.List;

/**
 * AstroRetriever's finder: in each season, scores every good epoch (qflag 0) by its S/N against the
 * season's robust baseline (median), with the noise per epoch the larger of its error bar and the
 * season's robust scatter (1.4826 MAD), so underestimated errors do not make events; consecutive epochs
 * beyond {@code snrThreshold} with the same sign make one {@link Detection}.
 */
public final class Finder {

    private final double snrThreshold;
    private final double gapDays;

    public Finder(double snrThreshold, double gapDays) {
        this.snrThreshold = snrThreshold;
        this.gapDays = gapDays;
    }

    /** Detections in a time-sorted lightcurve with its qflags (same order). */
    public List<Detection> find(Lightcurve sorted, int[] qflags) {
        List<Detection> found = new ArrayList<>();
        List<int[]> seasons = Seasons.split(sorted.time(), gapDays);
        for (int s = 0; s < seasons.size(); s++) {
            found.addAll(inSeason(sorted, qflags, seasons.get(s), s));
        }
        return found;
    }

    private List<Detection> inSeason(Lightcurve lc, int[] qflags, int[] season, int seasonIndex) {
        int[] good = java.util.Arrays.stream(season).filter(i -> qflags[i] == 0).toArray();
        List<Detection> found = new ArrayList<>();
        if (good.length < 5) {
            return found;
        }
        double[] values = java.util.Arrays.stream(good).mapToDouble(i -> lc.value()[i]).toArray();
        double baseline = Robust.median(values);
        double scatter = Robust.scatter(values, baseline);
        int runStart = -1;
        int runSign = 0;
        for (int k = 0; k <= good.length; k++) {
            int sign = 0;
            if (k < good.length) {
                double snr = snr(lc, good[k], baseline, scatter);
                sign = Math.abs(snr) >= snrThreshold ? (int) Math.signum(snr) : 0;
            }
            if (runStart >= 0 && sign != runSign) {
                found.add(detection(lc, qflags, good, runStart, k - 1, baseline, scatter, seasonIndex));
                runStart = -1;
            }
            if (sign != 0 && runStart < 0) {
                runStart = k;
                runSign = sign;
            }
        }
        return found;
    }

    private double snr(Lightcurve lc, int i, double baseline, double scatter) {
        double noise = Math.max(lc.error()[i], scatter);
        double change = lc.magnitudes() ? baseline - lc.value()[i] : lc.value()[i] - baseline;
        return change / noise;
    }

    private Detection detection(Lightcurve lc, int[] qflags, int[] good, int from, int to, double baseline, double scatter, int season) {
        int peak = good[from];
        double peakSnr = 0;
        for (int k = from; k <= to; k++) {
            double snr = snr(lc, good[k], baseline, scatter);
            if (Math.abs(snr) > Math.abs(peakSnr)) {
                peakSnr = snr;
                peak = good[k];
            }
        }
        double start = lc.time()[good[from]];
        double end = lc.time()[good[to]];
        int flagged = 0;
        for (int i = 0; i < lc.size(); i++) {
            if (qflags[i] != 0 && lc.time()[i] >= start && lc.time()[i] <= end) {
                flagged++;
            }
        }
        double deltaMag = lc.magnitudes() ? lc.value()[peak] - baseline : -2.5 * Math.log10(lc.value()[peak] / baseline);
        return new Detection(lc.filter(), season, start, end, lc.time()[peak], peakSnr, deltaMag, to - from + 1, flagged);
    }
}
