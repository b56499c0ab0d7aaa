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
        double minFlux = options.minFluxRatio() * targetFlux;
        RunningTally.View running = matrix.tally();
        Counts counts = running != null && Double.compare(running.maxPeakFraction(), options.maxPeakFraction()) == 0
                ? new FromRunning(running, matrix, skip, options.minSnr(), minFlux)
                : Tally.over(matrix, skip, targetFlux, options);
        int[] usableCount = counts.usableCount;
        int frames = matrix.frameCount();
        List<Integer> accepted = new ArrayList<>();
        for (int s : counts.firstUsable) {
            String star = matrix.name(s);
            int count = usableCount[s];
            if (counts.nearSaturation(s)) {
                rejected.put(star, "peak pixel above " + Math.round(100 * options.maxPeakFraction()) + " % of saturation");
            } else if (count < options.minFrameFraction() * frames) {
                rejected.put(star, "usable on " + count + " of " + frames + " frames");
            } else if (medianBelow(counts.snrBelow(s), matrix, s, usableCount, true, options.minSnr())) {
                // too faint to help: not worth a line in the provenance
            } else if (!Double.isNaN(targetFlux) && medianBelow(counts.fluxBelow(s), matrix, s, usableCount, false, minFlux)) {
                // far fainter than the target: likewise
            } else {
                accepted.add(s);
            }
        }
        // the median flux itself only for the stars that pass (from the running tally where it can tell)
        double[] median = new double[stars];
        boolean[] wanted = new boolean[stars];
        for (int s : accepted) {
            median[s] = running != null ? running.usableFluxMedian(s) : Double.NaN;
            wanted[s] = Double.isNaN(median[s]);
        }
        double[][] flux = running == null || anyOf(wanted) ? usableValues(matrix, wanted, usableCount, false) : null;
        ComparisonStars reference = new ComparisonStars(stars);
        for (int s : accepted) {
            reference.add(s, wanted[s] ? Statistics.median(flux[s], usableCount[s]) : median[s]);
        }
        return reference;
    }

    private static boolean anyOf(boolean[] values) {
        for (boolean value : values) {
            if (value) {
                return true;
            }
        }
        return false;
    }

    /** What the choice needs to know of each star over all the frames. */
    private abstract static class Counts {
        /** Each star's usable measurements. */
        final int[] usableCount;
        /** The stars not skipped in the order they were first usable (frame by frame, each frame's order). */
        final List<Integer> firstUsable = new ArrayList<>();

        Counts(int stars) {
            usableCount = new int[stars];
        }

        abstract boolean nearSaturation(int s);

        /** Whether the star's median S/N is below the minimum; null when only its values can tell. */
        abstract Boolean snrBelow(int s);

        /** Whether the star's median flux is below the minimum; null when only its values can tell. */
        abstract Boolean fluxBelow(int s);
    }

    /** The counts from the dataset's running tally; only the order of first use is looked for in the matrix. */
    private static final class FromRunning extends Counts {
        private final RunningTally.View running;
        private final double minSnr;
        private final double minFlux;

        FromRunning(RunningTally.View running, MeasurementMatrix matrix, boolean[] skip, double minSnr, double minFlux) {
            super(matrix.starCount());
            this.running = running;
            this.minSnr = minSnr;
            this.minFlux = minFlux;
            int stars = matrix.starCount();
            int waiting = 0;
            for (int s = 0; s < stars; s++) {
                usableCount[s] = running.usableCount(s);
                waiting += !skip[s] && usableCount[s] > 0 ? 1 : 0;
            }
            // most stars are usable on the first frames: the scan stops once every usable star has been met
            boolean[] met = new boolean[stars];
            for (int f = 0; f < matrix.frameCount() && waiting > 0; f++) {
                for (int k = 0; k < matrix.entries(f); k++) {
                    int s = matrix.star(f, k);
                    if (!skip[s] && !met[s] && matrix.usable(f, k)) {
                        met[s] = true;
                        firstUsable.add(s);
                        waiting--;
                    }
                }
            }
        }

        @Override
        boolean nearSaturation(int s) {
            return running.nearSaturation(s);
        }

        @Override
        Boolean snrBelow(int s) {
            return running.snrBelow(s, minSnr);
        }

        @Override
        Boolean fluxBelow(int s) {
            return running.fluxBelow(s, minFlux);
        }
    }

    /**
     * One pass over the measurements: which stars come near saturation, how many usable measurements each has (and
     * the order in which stars were first usable), and which side of its threshold each one's median S/N and flux
     * lie (tallied, not kept: only the few stars that pass need a median itself, their flux's).
     */
    private static final class Tally extends Counts {
        final boolean[] nearSaturation;
        final MedianSide snrSide;
        final MedianSide fluxSide;

        private Tally(int stars, double minSnr, double minFlux) {
            super(stars);
            nearSaturation = new boolean[stars];
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
                for (int k = 0; k < matrix.entries(f); k++) {
                    int s = matrix.star(f, k);
                    if (skip[s]) {
                        continue;
                    }
                    double peak = matrix.peak(f, k);
                    if (ComparisonCandidates.nearSaturation(peak, saturation, options.maxPeakFraction())) {
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

        @Override
        boolean nearSaturation(int s) {
            return nearSaturation[s];
        }

        @Override
        Boolean snrBelow(int s) {
            return snrSide.below(s);
        }

        @Override
        Boolean fluxBelow(int s) {
            return fluxSide.below(s);
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

    /** Whether a measurement's peak pixel is above the fraction of its frame's saturation level (unknown peak or level: no). */
    static boolean nearSaturation(double peak, double saturation, double maxPeakFraction) {
        return !Double.isNaN(peak) && Double.isFinite(saturation) && peak > maxPeakFraction * saturation;
    }

    /** Below this many measurements handing half the tally to another core costs more than it saves. */
    private static final long SPLIT_FROM = 50_000;

    /** Whether star s's median S/N (or flux) is below the threshold: from the tally, or from its values when the tally cannot tell. */
    private static boolean medianBelow(Boolean below, MeasurementMatrix matrix, int s, int[] usableCount, boolean snr, double threshold) {
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
