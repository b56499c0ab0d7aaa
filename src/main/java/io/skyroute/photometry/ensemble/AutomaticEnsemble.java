package io.skyroute.photometry.ensemble;

import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.Measurement;
import io.skyroute.photometry.stats.Statistics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Comparison stars chosen and weighted automatically, as an observer would, from every frame's
 * measurements (the target's own scatter never enters the choice):
 * <ol>
 * <li><b>Candidates</b>: usable (a bad pixel in the aperture interpolated is fine) on at least
 * {@code minFrameFraction} of the frames, median S/N at least {@code minSnr}, median flux at least
 * {@code minFluxRatio} of the target's (not far fainter: the fit below needs the faint end to tell an
 * additive sky error from transparency, but a star much fainter than the target adds little), and the
 * peak pixel at most {@code maxPeakFraction} of the frame's SATURATE level on every frame (well below
 * saturation, where detectors stop being linear); stars the caller excludes (not isolated) are left out.</li>
 * <li><b>Per-frame model</b>: a frame's measured flux of comparison star i is {@code g * M_i - A * b}:
 * {@code g} its transparency, {@code M_i} the star's median flux over the frames, {@code A} the aperture
 * area and {@code b} an additive sky error per pixel common to the frame (the annulus sky of these
 * cameras differs by up to ~10 counts per pixel; a fainter star suffers more, in proportion). {@code g}
 * and {@code b} are fitted by weighted least squares over the comparison stars (weights from their
 * errors), with 4-sigma clipping.</li>
 * <li><b>Variables and outliers</b>: each star's scatter about the model over the frames (robust, relative)
 * is compared with the others'; a star above {@code rejectFactor} times their median is rejected and the
 * frames fitted again.</li>
 * <li><b>Frames</b>: a frame whose transparency, sky, seeing (the header's FWHM) or number of usable
 * comparison stars is an outlier for the dataset (robust z-score above 5) is flagged and left out of the
 * stars' scatter; its point is kept and flagged.</li>
 * <li><b>Honest errors</b>: the comparison stars' reduced chi-square about the model; when above 1 the
 * target's errors are scaled by its square root.</li>
 * </ol>
 */
public final class AutomaticEnsemble {

    /** The tunables, documented with the reduction configuration. */
    public record Options(double minSnr, double minFluxRatio, double maxPeakFraction, double minFrameFraction, double rejectFactor) {

        public static Options defaults(double minSnr) {
            return new Options(minSnr, 0.1, 0.6, 0.9, 3.0);
        }
    }

    private static final double CLIP_SIGMA = 4;
    private static final double FRAME_OUTLIER_Z = 5;

    private AutomaticEnsemble() {
    }

    public static Ensemble.Result choose(List<FrameMeasurements> frames, String target, Set<String> excluded, Options options) {
        return choose(MeasurementMatrix.of(frames), target, excluded, options);
    }

    public static Ensemble.Result choose(MeasurementMatrix matrix, String target, Set<String> excluded, Options options) {
        Map<String, String> rejected = new LinkedHashMap<>();
        ComparisonStars reference = ComparisonCandidates.choose(matrix, target, excluded, options, rejected);
        Fit fit = fit(matrix, reference);
        for (int round = 0; round < 5 && reference.size() > 3; round++) {
            Map<String, Double> scatter = fit.scatter;
            double[] values = scatter.values().stream().mapToDouble(Double::doubleValue).toArray();
            double typical = Statistics.median(values, values.length);
            Set<String> variable = new LinkedHashSet<>();
            scatter.forEach((star, value) -> {
                if (value > options.rejectFactor() * typical) {
                    variable.add(star);
                }
            });
            if (variable.isEmpty() || reference.size() - variable.size() < 3) {
                break;
            }
            for (String star : variable) {
                rejected.put(star, String.format("variable or troubled: scatter %.2f %% about the ensemble, %.1f times the stars' median",
                        100 * scatter.get(star), scatter.get(star) / typical));
                reference.remove(matrix.indexOf(star));
            }
            fit = fit(matrix, reference);
        }
        double total = fit.weights.values().stream().mapToDouble(Double::doubleValue).sum();
        List<Ensemble.Comparison> comparisons = new ArrayList<>();
        List<String> names = reference.names(matrix);
        for (String star : names) {
            comparisons.add(new Ensemble.Comparison(star, total > 0 ? fit.weights.getOrDefault(star, 0.0) / total : Double.NaN,
                    fit.scatter.getOrDefault(star, Double.NaN)));
        }
        double errorScale = Double.isNaN(fit.reducedChiSquare) ? 1 : Math.max(1, Math.sqrt(fit.reducedChiSquare));
        return new Ensemble.Result(List.copyOf(names), fit.scales, comparisons, rejected, fit.reducedChiSquare, errorScale);
    }

    /** The per-frame fits, and each star's scatter and weight over the frames that are not outliers. */
    private record Fit(Map<String, Ensemble.FrameScale> scales, Map<String, Double> scatter, Map<String, Double> weights,
                       double reducedChiSquare) {
    }

    private static Fit fit(MeasurementMatrix matrix, ComparisonStars reference) {
        int frames = matrix.frameCount();
        double[][] models = new double[frames][]; // per frame {g, b, gError, n}, null when it has no comparison star
        int[][] positions = matrix.positions(reference::contains);
        inParallel(frames, frames * reference.size(), f -> models[f] = fitFrame(matrix, f, positions[f], reference));
        String[] flagged = frameOutliers(matrix, models);
        int stars = matrix.starCount();
        Terms terms = Terms.of(matrix, models, flagged, positions, reference);
        double[][] residuals = new double[stars][];
        double[][] weights = new double[stars][];
        int[] counts = new int[stars];
        List<Integer> firstSeen = new ArrayList<>();
        double chiSquare = 0;
        int termCount = 0;
        int parameters = 0;
        // gathered in frame order, as the terms were once worked out here: the same sums to the last bit
        for (int f = 0; f < frames; f++) {
            for (int t = terms.start[f]; t < terms.start[f + 1]; t++) {
                int s = terms.star[t];
                if (s < 0) {
                    continue;
                }
                if (residuals[s] == null) {
                    residuals[s] = new double[frames];
                    weights[s] = new double[frames];
                    firstSeen.add(s);
                } else if (counts[s] == residuals[s].length) {
                    residuals[s] = java.util.Arrays.copyOf(residuals[s], 2 * counts[s]);
                    weights[s] = java.util.Arrays.copyOf(weights[s], 2 * counts[s]);
                }
                residuals[s][counts[s]] = terms.residual[t];
                weights[s][counts[s]++] = terms.weight[t];
                chiSquare += terms.zSquared[t];
                termCount++;
            }
            parameters += Math.min(terms.used[f], 2);
        }
        double[] rms = new double[stars];
        inParallel(firstSeen.size(), firstSeen.size() * frames, i -> {
            int s = firstSeen.get(i);
            rms[s] = robustRms(java.util.Arrays.copyOf(residuals[s], counts[s]));
        });
        Map<String, Double> scatter = new LinkedHashMap<>();
        Map<String, Double> meanWeights = new LinkedHashMap<>();
        for (int s : firstSeen) {
            scatter.put(matrix.name(s), rms[s]);
            // the stream's average (a compensated sum), as the weights were always averaged
            meanWeights.put(matrix.name(s), java.util.Arrays.stream(weights[s], 0, counts[s]).average().orElse(0));
        }
        Map<String, Ensemble.FrameScale> scales = new LinkedHashMap<>();
        for (int f = 0; f < frames; f++) {
            double[] model = models[f];
            if (model != null) {
                scales.put(matrix.frame(f).file(), new Ensemble.FrameScale(model[0], model[2], (int) model[3], model[1], flagged[f]));
            }
        }
        double reduced = termCount > parameters ? chiSquare / (termCount - parameters) : Double.NaN;
        return new Fit(scales, scatter, meanWeights, reduced);
    }

    /**
     * {g, b, error of g, stars used} for one frame: weighted least squares of {@code r_i = F_i / M_i}
     * against {@code x_i = A_i / M_i} ({@code r = g - b x}), clipped at 4 sigma; with fewer than three
     * stars, or when the stars do not span enough brightness to separate the two, {@code b = 0}.
     */
    private static double[] fitFrame(MeasurementMatrix matrix, int f, int[] positions, ComparisonStars reference) {
        double[] r = new double[positions.length];
        double[] x = new double[positions.length];
        double[] sigma = new double[positions.length];
        int points = 0;
        for (int k : positions) {
            int s = matrix.star(f, k);
            if (matrix.usable(f, k)) {
                double median = reference.median(s);
                r[points] = matrix.flux(f, k) / median;
                x[points] = matrix.area(f, k) / median;
                sigma[points++] = matrix.fluxError(f, k) / median;
            }
        }
        if (points == 0) {
            return null;
        }
        boolean[] keep = new boolean[points];
        java.util.Arrays.fill(keep, true);
        int kept = points;
        double[] solution = null;
        double[] normalised = new double[points];
        for (int iteration = 0; iteration < 5; iteration++) {
            solution = solve(r, x, sigma, keep, points);
            int n = 0;
            for (int i = 0; i < points; i++) {
                if (keep[i]) {
                    normalised[n++] = Math.abs(r[i] - (solution[0] - solution[1] * x[i])) / sigma[i];
                }
            }
            double spread = Math.max(1, 1.4826 * Statistics.median(normalised, n));
            boolean changed = false;
            for (int i = 0; i < points; i++) {
                boolean within = Math.abs(r[i] - (solution[0] - solution[1] * x[i])) / sigma[i] < CLIP_SIGMA * spread;
                if (keep[i] && !within && kept > 3) {
                    keep[i] = false;
                    kept--;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return solution;
    }

    /** {g, b, error of g, n} by weighted least squares on the kept points; b = 0 when it cannot be told apart from g. */
    private static double[] solve(double[] r, double[] x, double[] sigma, boolean[] keep, int points) {
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int i = 0; i < points; i++) {
            if (!keep[i]) {
                continue;
            }
            double w = 1 / (sigma[i] * sigma[i]);
            sw += w;
            sx += w * x[i];
            sy += w * r[i];
            sxx += w * x[i] * x[i];
            sxy += w * x[i] * r[i];
            n++;
        }
        double determinant = sw * sxx - sx * sx;
        if (n < 3 || determinant <= 1e-12 * sw * sxx) {
            double g = sy / sw;
            return new double[]{g, 0, Math.sqrt(1 / sw), n};
        }
        // r = g - b x: intercept g, slope -b
        double slope = (sw * sxy - sx * sy) / determinant;
        double intercept = (sxx * sy - sx * sxy) / determinant;
        return new double[]{intercept, -slope, Math.sqrt(sxx / determinant), n};
    }

    /**
     * Each comparison star's residual about its frame's model, its weight and its z squared, frame by frame in the
     * frames' order (a star unusable there, or a frame without a model or flagged, has star -1): worked out on
     * every core for a large dataset, each frame into its own slots.
     */
    private record Terms(int[] start, int[] star, double[] residual, double[] weight, double[] zSquared, int[] used) {

        static Terms of(MeasurementMatrix matrix, double[][] models, String[] flagged, int[][] positions, ComparisonStars reference) {
            int frames = matrix.frameCount();
            int[] start = new int[frames + 1];
            for (int f = 0; f < frames; f++) {
                start[f + 1] = start[f] + positions[f].length;
            }
            int total = start[frames];
            Terms terms = new Terms(start, new int[total], new double[total], new double[total], new double[total], new int[frames]);
            inParallel(frames, total, f -> terms.frame(matrix, f, models[f], flagged[f] != null, positions[f], reference));
            return terms;
        }

        private void frame(MeasurementMatrix matrix, int f, double[] model, boolean outlier, int[] positions, ComparisonStars reference) {
            int t = start[f];
            for (int k : positions) {
                star[t] = -1;
                if (model != null && !outlier && matrix.usable(f, k)) {
                    int s = matrix.star(f, k);
                    double median = reference.median(s);
                    double flux = matrix.flux(f, k);
                    double error = matrix.fluxError(f, k);
                    double predicted = model[0] * median - matrix.area(f, k) * model[1];
                    star[t] = s;
                    residual[t] = (flux - predicted) / predicted;
                    weight[t] = median * median / (error * error);
                    double z = (flux - predicted) / error;
                    zSquared[t] = z * z;
                    used[f]++;
                }
                t++;
            }
        }
    }

    /** Why each frame is flagged (null when it is not): transparency, sky, seeing or comparison-star count far from the dataset's (robust z above 5). */
    private static String[] frameOutliers(MeasurementMatrix matrix, double[][] models) {
        int frames = matrix.frameCount();
        String[] flagged = new String[frames];
        int[] fitted = new int[frames];
        double[][] columns = new double[4][frames]; // transparency, sky, fwhm, stars of the fitted frames
        int n = 0;
        for (int f = 0; f < frames; f++) {
            double[] model = models[f];
            if (model != null) {
                fitted[n] = f;
                columns[0][n] = model[0];
                columns[1][n] = matrix.usableSkyMedian(f);
                columns[2][n] = matrix.frame(f).observation().fwhm();
                columns[3][n] = model[3];
                n++;
            }
        }
        String[] what = {"transparency", "sky level", "seeing (FWHM)", "number of comparison stars"};
        if (n < 5) {
            return flagged; // too few frames to call one unusual
        }
        for (int k = 0; k < what.length; k++) {
            double[] column = columns[k];
            double[] values = new double[n];
            int known = 0;
            for (int i = 0; i < n; i++) {
                if (!Double.isNaN(column[i])) {
                    values[known++] = column[i];
                }
            }
            if (known < 5) {
                continue;
            }
            double median = Statistics.median(values, known);
            double[] deviation = new double[known];
            for (int i = 0; i < known; i++) {
                deviation[i] = Math.abs(values[i] - median);
            }
            double mad = 1.4826 * Statistics.median(deviation, known);
            if (mad <= 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                double v = column[i];
                double z = (v - median) / mad;
                // fewer stars, less light, more sky or worse seeing are the troubles: only that side is flagged
                boolean worse = k == 0 || k == 3 ? z < -FRAME_OUTLIER_Z : z > FRAME_OUTLIER_Z;
                if (!Double.isNaN(v) && worse) {
                    int f = fitted[i];
                    String why = String.format("%s %.4g unlike the dataset's %.4g", what[k], v, median);
                    flagged[f] = flagged[f] == null ? why : flagged[f] + "; " + why;
                }
            }
        }
        return flagged;
    }

    /**
     * Below this many measurements a parallel loop costs more than it saves. A frame's fit over its dozen comparison
     * stars is ~2 µs; at 50,000 the fits of a 2,000-frame dataset (24,000 measurements, 1 ms) ran on one core while
     * the other waited.
     */
    private static final long PARALLEL_FROM = 10_000;

    /**
     * {@code body(0 .. count-1)} on every core when the work ({@code size} measurements) is large: the items are
     * independent (one frame's fit, one star's medians) and each writes only its own slot, so the result is the
     * same as in one thread.
     */
    private static void inParallel(int count, long size, java.util.function.IntConsumer body) {
        java.util.stream.IntStream items = java.util.stream.IntStream.range(0, count);
        (size >= PARALLEL_FROM ? items.parallel() : items).forEach(body);
    }

    private static double robustRms(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double median = Statistics.median(values, values.length);
        double[] deviation = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviation[i] = Math.abs(values[i] - median);
        }
        return 1.4826 * Statistics.median(deviation, deviation.length);
    }
}
