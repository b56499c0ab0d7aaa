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
        Map<String, String> rejected = new LinkedHashMap<>();
        Map<String, Double> reference = candidates(frames, target, excluded, options, rejected);
        Map<String, String> outliers = new LinkedHashMap<>();
        Fit fit = fit(frames, reference, outliers);
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
                reference.remove(star);
            }
            fit = fit(frames, reference, outliers);
        }
        double total = fit.weights.values().stream().mapToDouble(Double::doubleValue).sum();
        List<Ensemble.Comparison> comparisons = new ArrayList<>();
        for (String star : reference.keySet()) {
            comparisons.add(new Ensemble.Comparison(star, total > 0 ? fit.weights.getOrDefault(star, 0.0) / total : Double.NaN,
                    fit.scatter.getOrDefault(star, Double.NaN)));
        }
        double errorScale = Double.isNaN(fit.reducedChiSquare) ? 1 : Math.max(1, Math.sqrt(fit.reducedChiSquare));
        return new Ensemble.Result(List.copyOf(reference.keySet()), fit.scales, comparisons, rejected, fit.reducedChiSquare, errorScale);
    }

    private static Map<String, Double> candidates(List<FrameMeasurements> frames, String target, Set<String> excluded, Options options,
                                                  Map<String, String> rejected) {
        double targetFlux = medianFlux(frames, target);
        Map<String, List<Measurement>> usable = new LinkedHashMap<>();
        Map<String, Boolean> nearSaturation = new LinkedHashMap<>();
        for (FrameMeasurements frame : frames) {
            double saturation = frame.observation().saturation();
            for (Measurement m : frame.measurements()) {
                if (m.star().equals(target) || excluded.contains(m.star())) {
                    continue;
                }
                if (!Double.isNaN(m.peak()) && !Double.isNaN(saturation) && !Double.isInfinite(saturation)
                        && m.peak() > options.maxPeakFraction() * saturation) {
                    nearSaturation.put(m.star(), true);
                }
                if (m.usableForComparison()) {
                    usable.computeIfAbsent(m.star(), s -> new ArrayList<>()).add(m);
                }
            }
        }
        Map<String, Double> reference = new LinkedHashMap<>();
        usable.forEach((star, measurements) -> {
            double[] flux = measurements.stream().mapToDouble(Measurement::flux).toArray();
            double[] snr = measurements.stream().mapToDouble(m -> m.flux() / m.fluxError()).toArray();
            double median = Statistics.median(flux, flux.length);
            if (nearSaturation.containsKey(star)) {
                rejected.put(star, "peak pixel above " + Math.round(100 * options.maxPeakFraction()) + " % of saturation");
            } else if (measurements.size() < options.minFrameFraction() * frames.size()) {
                rejected.put(star, "usable on " + measurements.size() + " of " + frames.size() + " frames");
            } else if (Statistics.median(snr, snr.length) < options.minSnr()) {
                // too faint to help: not worth a line in the provenance
            } else if (!Double.isNaN(targetFlux) && median < options.minFluxRatio() * targetFlux) {
                // far fainter than the target: likewise
            } else {
                reference.put(star, median);
            }
        });
        return reference;
    }

    private static double medianFlux(List<FrameMeasurements> frames, String star) {
        double[] flux = frames.stream().map(f -> f.of(star)).filter(m -> m != null && m.flux() > 0)
                .mapToDouble(Measurement::flux).toArray();
        return flux.length == 0 ? Double.NaN : Statistics.median(flux, flux.length);
    }

    /** The per-frame fits, and each star's scatter and weight over the frames that are not outliers. */
    private record Fit(Map<String, Ensemble.FrameScale> scales, Map<String, Double> scatter, Map<String, Double> weights,
                       double reducedChiSquare) {
    }

    private static Fit fit(List<FrameMeasurements> frames, Map<String, Double> reference, Map<String, String> outliers) {
        Map<String, double[]> models = new LinkedHashMap<>(); // frame -> {g, b, gError, n}
        for (FrameMeasurements frame : frames) {
            double[] model = fitFrame(frame, reference);
            if (model != null) {
                models.put(frame.file(), model);
            }
        }
        Map<String, String> flagged = frameOutliers(frames, models);
        outliers.clear();
        outliers.putAll(flagged);
        Map<String, List<Double>> residuals = new LinkedHashMap<>();
        Map<String, List<Double>> weights = new LinkedHashMap<>();
        double chiSquare = 0;
        int terms = 0;
        int parameters = 0;
        for (FrameMeasurements frame : frames) {
            double[] model = models.get(frame.file());
            if (model == null || flagged.containsKey(frame.file())) {
                continue;
            }
            int used = 0;
            for (Measurement m : frame.measurements()) {
                Double median = reference.get(m.star());
                if (median == null || !m.usableForComparison()) {
                    continue;
                }
                double area = m.area();
                double predicted = model[0] * median - area * model[1];
                double relative = (m.flux() - predicted) / predicted;
                residuals.computeIfAbsent(m.star(), s -> new ArrayList<>()).add(relative);
                weights.computeIfAbsent(m.star(), s -> new ArrayList<>()).add(median * median / (m.fluxError() * m.fluxError()));
                double z = (m.flux() - predicted) / m.fluxError();
                chiSquare += z * z;
                terms++;
                used++;
            }
            parameters += Math.min(used, 2);
        }
        Map<String, Double> scatter = new LinkedHashMap<>();
        residuals.forEach((star, values) -> {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            scatter.put(star, robustRms(v));
        });
        Map<String, Double> meanWeights = new LinkedHashMap<>();
        weights.forEach((star, values) -> meanWeights.put(star, values.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        Map<String, Ensemble.FrameScale> scales = new LinkedHashMap<>();
        for (FrameMeasurements frame : frames) {
            double[] model = models.get(frame.file());
            if (model != null) {
                scales.put(frame.file(), new Ensemble.FrameScale(model[0], model[2], (int) model[3], model[1], flagged.get(frame.file())));
            }
        }
        double reduced = terms > parameters ? chiSquare / (terms - parameters) : Double.NaN;
        return new Fit(scales, scatter, meanWeights, reduced);
    }

    /**
     * {g, b, error of g, stars used} for one frame: weighted least squares of {@code r_i = F_i / M_i}
     * against {@code x_i = A_i / M_i} ({@code r = g - b x}), clipped at 4 sigma; with fewer than three
     * stars, or when the stars do not span enough brightness to separate the two, {@code b = 0}.
     */
    private static double[] fitFrame(FrameMeasurements frame, Map<String, Double> reference) {
        List<double[]> points = new ArrayList<>(); // r, x, sigma of r
        for (Measurement m : frame.measurements()) {
            Double median = reference.get(m.star());
            if (median != null && m.usableForComparison()) {
                points.add(new double[]{m.flux() / median, m.area() / median, m.fluxError() / median});
            }
        }
        if (points.isEmpty()) {
            return null;
        }
        boolean[] keep = new boolean[points.size()];
        java.util.Arrays.fill(keep, true);
        double[] solution = null;
        for (int iteration = 0; iteration < 5; iteration++) {
            solution = solve(points, keep);
            double[] normalised = new double[points.size()];
            int n = 0;
            for (int i = 0; i < points.size(); i++) {
                if (keep[i]) {
                    double[] p = points.get(i);
                    normalised[n++] = Math.abs(p[0] - (solution[0] - solution[1] * p[1])) / p[2];
                }
            }
            double spread = Math.max(1, 1.4826 * Statistics.median(normalised, n));
            boolean changed = false;
            for (int i = 0; i < points.size(); i++) {
                double[] p = points.get(i);
                boolean within = Math.abs(p[0] - (solution[0] - solution[1] * p[1])) / p[2] < CLIP_SIGMA * spread;
                int count = 0;
                for (boolean k : keep) {
                    count += k ? 1 : 0;
                }
                if (keep[i] && !within && count > 3) {
                    keep[i] = false;
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
    private static double[] solve(List<double[]> points, boolean[] keep) {
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int i = 0; i < points.size(); i++) {
            if (!keep[i]) {
                continue;
            }
            double[] p = points.get(i);
            double w = 1 / (p[2] * p[2]);
            sw += w;
            sx += w * p[1];
            sy += w * p[0];
            sxx += w * p[1] * p[1];
            sxy += w * p[1] * p[0];
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

    /** Frames whose transparency, sky, seeing or comparison-star count is far from the dataset's (robust z above 5). */
    private static Map<String, String> frameOutliers(List<FrameMeasurements> frames, Map<String, double[]> models) {
        Map<String, String> flagged = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        List<double[]> values = new ArrayList<>(); // transparency, sky, fwhm, stars
        for (FrameMeasurements frame : frames) {
            double[] model = models.get(frame.file());
            if (model == null) {
                continue;
            }
            double[] skies = frame.measurements().stream().filter(Measurement::usableForComparison).mapToDouble(Measurement::sky).toArray();
            names.add(frame.file());
            values.add(new double[]{model[0], skies.length == 0 ? Double.NaN : Statistics.median(skies, skies.length),
                    frame.observation().fwhm(), model[3]});
        }
        String[] what = {"transparency", "sky level", "seeing (FWHM)", "number of comparison stars"};
        if (names.size() < 5) {
            return flagged; // too few frames to call one unusual
        }
        for (int k = 0; k < what.length; k++) {
            final int column = k;
            double[] column_ = values.stream().mapToDouble(v -> v[column]).filter(v -> !Double.isNaN(v)).toArray();
            if (column_.length < 5) {
                continue;
            }
            double median = Statistics.median(column_, column_.length);
            double[] deviation = new double[column_.length];
            for (int i = 0; i < column_.length; i++) {
                deviation[i] = Math.abs(column_[i] - median);
            }
            double mad = 1.4826 * Statistics.median(deviation, deviation.length);
            if (mad <= 0) {
                continue;
            }
            for (int i = 0; i < names.size(); i++) {
                double v = values.get(i)[column];
                double z = (v - median) / mad;
                // fewer stars, less light, more sky or worse seeing are the troubles: only that side is flagged
                boolean worse = column == 0 || column == 3 ? z < -FRAME_OUTLIER_Z : z > FRAME_OUTLIER_Z;
                if (!Double.isNaN(v) && worse) {
                    flagged.merge(names.get(i), String.format("%s %.4g unlike the dataset's %.4g", what[column], v, median),
                            (a, b) -> a + "; " + b);
                }
            }
        }
        return flagged;
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
