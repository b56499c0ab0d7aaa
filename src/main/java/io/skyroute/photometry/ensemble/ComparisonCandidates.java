package io.skyroute.photometry.ensemble;

import io.skyroute.photometry.stats.MedianSide;
import io.skyroute.photometry.stats.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The comparison-star candidates of {@link AutomaticEnsemble}: usable on enough of the frames, never near
 * saturation, bright enough (median S/N and median flux against the target's), not excluded by the caller;
 * each with its median flux. Why a star was left out goes into {@code rejected} when an observer would want
 * to know (saturation, too few frames); too faint is not worth a line.
 */
final class ComparisonCandidates {

    private ComparisonCandidates() {
    }

    static ComparisonStars choose(MeasurementMatrix matrix, String target, Set<String> excluded, AutomaticEnsemble.Options options,
                                  Map<String, String> rejected) {
        double targetFlux = matrix.medianPositiveFlux(target);
        int stars = matrix.starCount();
        boolean[] skip = new boolean[stars];
        for (int s = 0; s < stars; s++) {
            skip[s] = matrix.name(s).equals(target) || excluded.contains(matrix.name(s));
        }
        // one pass over the measurements: which stars come near saturation, how many usable measurements each has,
        // and which side of its threshold each one's median S/N and flux lie (tallied, not kept: only the few stars
        // that pass need a median itself, their flux's)
        boolean[] nearSaturation = new boolean[stars];
        int[] usableCount = new int[stars];
        List<Integer> firstUsable = new ArrayList<>();
        MedianSide snrSide = new MedianSide(stars, options.minSnr());
        MedianSide fluxSide = new MedianSide(stars, options.minFluxRatio() * targetFlux);
        for (int f = 0; f < matrix.frameCount(); f++) {
            double saturation = matrix.frame(f).observation().saturation();
            boolean saturationKnown = !Double.isNaN(saturation) && !Double.isInfinite(saturation);
            for (int k = 0; k < matrix.entries(f); k++) {
                int s = matrix.star(f, k);
                if (skip[s]) {
                    continue;
                }
                double peak = matrix.peak(f, k);
                if (!Double.isNaN(peak) && saturationKnown && peak > options.maxPeakFraction() * saturation) {
                    nearSaturation[s] = true;
                }
                if (matrix.usable(f, k)) {
                    if (usableCount[s]++ == 0) {
                        firstUsable.add(s);
                    }
                    snrSide.add(s, matrix.flux(f, k) / matrix.fluxError(f, k));
                    fluxSide.add(s, matrix.flux(f, k));
                }
            }
        }
        int frames = matrix.frameCount();
        List<Integer> accepted = new ArrayList<>();
        for (int s : firstUsable) {
            String star = matrix.name(s);
            int count = usableCount[s];
            if (nearSaturation[s]) {
                rejected.put(star, "peak pixel above " + Math.round(100 * options.maxPeakFraction()) + " % of saturation");
            } else if (count < options.minFrameFraction() * frames) {
                rejected.put(star, "usable on " + count + " of " + frames + " frames");
            } else if (medianBelow(snrSide, matrix, s, usableCount, true, options.minSnr())) {
                // too faint to help: not worth a line in the provenance
            } else if (!Double.isNaN(targetFlux) && medianBelow(fluxSide, matrix, s, usableCount, false, options.minFluxRatio() * targetFlux)) {
                // far fainter than the target: likewise
            } else {
                accepted.add(s);
            }
        }
        // the median flux itself only for the stars that pass
        boolean[] wanted = new boolean[stars];
        accepted.forEach(s -> wanted[s] = true);
        double[][] flux = usableValues(matrix, wanted, usableCount, false);
        ComparisonStars reference = new ComparisonStars(stars);
        for (int s : accepted) {
            reference.add(s, Statistics.median(flux[s], usableCount[s]));
        }
        return reference;
    }

    /** Whether star s's median S/N (or flux) is below the threshold: from the tally, or from its values when the tally cannot tell. */
    private static boolean medianBelow(MedianSide side, MeasurementMatrix matrix, int s, int[] usableCount, boolean snr, double threshold) {
        Boolean below = side.below(s);
        if (below != null) {
            return below;
        }
        boolean[] wanted = new boolean[matrix.starCount()];
        wanted[s] = true;
        return Statistics.median(usableValues(matrix, wanted, usableCount, snr)[s], usableCount[s]) < threshold;
    }

    /** The usable fluxes (or S/N) of each wanted star, in frame order; null for the others. */
    private static double[][] usableValues(MeasurementMatrix matrix, boolean[] wanted, int[] usableCount, boolean snr) {
        double[][] values = new double[wanted.length][];
        int[] filled = new int[wanted.length];
        for (int f = 0; f < matrix.frameCount(); f++) {
            for (int k = 0; k < matrix.entries(f); k++) {
                int s = matrix.star(f, k);
                if (wanted[s] && matrix.usable(f, k)) {
                    if (values[s] == null) {
                        values[s] = new double[usableCount[s]];
                    }
                    values[s][filled[s]++] = snr ? matrix.flux(f, k) / matrix.fluxError(f, k) : matrix.flux(f, k);
                }
            }
        }
        return values;
    }
}
