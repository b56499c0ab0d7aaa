package io.skyroute.photometry.ensemble;

import io.skyroute.photometry.concurrent.SpareCore;
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
        Tally tally = Tally.over(matrix, skip, targetFlux, options);
        int[] usableCount = tally.usableCount;
        int frames = matrix.frameCount();
        List<Integer> accepted = new ArrayList<>();
        for (int s : tally.firstUsable) {
            String star = matrix.name(s);
            int count = usableCount[s];
            if (tally.nearSaturation[s]) {
                rejected.put(star, "peak pixel above " + Math.round(100 * options.maxPeakFraction()) + " % of saturation");
            } else if (count < options.minFrameFraction() * frames) {
                rejected.put(star, "usable on " + count + " of " + frames + " frames");
            } else if (medianBelow(tally.snrSide, matrix, s, usableCount, true, options.minSnr())) {
                // too faint to help: not worth a line in the provenance
            } else if (!Double.isNaN(targetFlux) && medianBelow(tally.fluxSide, matrix, s, usableCount, false, options.minFluxRatio() * targetFlux)) {
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

    /**
     * One pass over the measurements: which stars come near saturation, how many usable measurements each has (and
     * the order in which stars were first usable), and which side of its threshold each one's median S/N and flux
     * lie (tallied, not kept: only the few stars that pass need a median itself, their flux's).
     */
    private static final class Tally {
        final boolean[] nearSaturation;
        final int[] usableCount;
        final List<Integer> firstUsable = new ArrayList<>();
        final MedianSide snrSide;
        final MedianSide fluxSide;

        private Tally(int stars, double minSnr, double minFlux) {
            nearSaturation = new boolean[stars];
            usableCount = new int[stars];
            snrSide = new MedianSide(stars, minSnr);
            fluxSide = new MedianSide(stars, minFlux);
        }

        /**
         * The tally of every frame; a large dataset's later half of the frames tallied on an idle core and merged
         * in after the first (counts added, extremes kept, stars first usable there appended in their order): the
         * same tally as one pass in frame order.
         */
        static Tally over(MeasurementMatrix matrix, boolean[] skip, double targetFlux, AutomaticEnsemble.Options options) {
            int frames = matrix.frameCount();
            boolean split = (long) frames * matrix.starCount() >= SPLIT_FROM;
            int half = split ? frames / 2 : frames;
            SpareCore.Handed<Tally> later = split ? SpareCore.hand(() -> of(matrix, half, frames, skip, targetFlux, options)) : null;
            try {
                Tally tally = of(matrix, 0, half, skip, targetFlux, options);
                if (later != null) {
                    tally.append(later.join());
                }
                return tally;
            } finally {
                if (later != null) {
                    later.drop();
                }
            }
        }

        private static Tally of(MeasurementMatrix matrix, int from, int to, boolean[] skip, double targetFlux,
                                AutomaticEnsemble.Options options) {
            Tally tally = new Tally(matrix.starCount(), options.minSnr(), options.minFluxRatio() * targetFlux);
            for (int f = from; f < to; f++) {
                double saturation = matrix.frame(f).observation().saturation();
                boolean saturationKnown = !Double.isNaN(saturation) && !Double.isInfinite(saturation);
                for (int k = 0; k < matrix.entries(f); k++) {
                    int s = matrix.star(f, k);
                    if (skip[s]) {
                        continue;
                    }
                    double peak = matrix.peak(f, k);
                    if (!Double.isNaN(peak) && saturationKnown && peak > options.maxPeakFraction() * saturation) {
                        tally.nearSaturation[s] = true;
                    }
                    if (matrix.usable(f, k)) {
                        if (tally.usableCount[s]++ == 0) {
                            tally.firstUsable.add(s);
                        }
                        tally.snrSide.add(s, matrix.flux(f, k) / matrix.fluxError(f, k));
                        tally.fluxSide.add(s, matrix.flux(f, k));
                    }
                }
            }
            return tally;
        }

        /** Adds the tally of the frames after this one's. */
        private void append(Tally later) {
            for (int s : later.firstUsable) {
                if (usableCount[s] == 0) {
                    firstUsable.add(s);
                }
            }
            for (int s = 0; s < usableCount.length; s++) {
                usableCount[s] += later.usableCount[s];
                nearSaturation[s] |= later.nearSaturation[s];
            }
            snrSide.add(later.snrSide);
            fluxSide.add(later.fluxSide);
        }
    }

    /** Below this many measurements handing half the tally to another core costs more than it saves. */
    private static final long SPLIT_FROM = 50_000;

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
