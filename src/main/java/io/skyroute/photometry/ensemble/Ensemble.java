package io.skyroute.photometry.ensemble;

import io.skyroute.photometry.stats.Statistics;
import io.skyroute.photometry.aperture.Flags;
import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.Measurement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ensemble normalisation across frames, as the LCO pipeline does it: every comparison star's flux is
 * divided by its own median over the frames, and a frame's scale is the median of those ratios (its
 * uncertainty the standard error of that median). Comparison stars are those measured cleanly with
 * S/N >= {@code minSnr} on at least 80 % of the frames; a second pass drops the variable ones
 * (scatter after the first pass above three times the ensemble's median scatter). The scale's
 * error is the standard error of the median from the larger of the ratios' robust scatter and the
 * stars' own relative flux errors (the frame that sets the medians would otherwise get none).
 */
public final class Ensemble {

    private static final double MIN_FRACTION_OF_FRAMES = 0.8;

    /**
     * A frame's normalisation: its transparency {@code scale} (and error) from {@code stars} comparison
     * stars, and the additive sky offset (counts per pixel) the automatic ensemble fitted with it (0 for
     * the others); a measured flux becomes {@code (flux + area * skyOffset) / scale}. {@code outlier} says
     * why the frame is flagged (its sky, transparency, seeing or star count unlike the dataset's), or null.
     */
    public record FrameScale(double scale, double error, int stars, double skyOffset, String outlier) {

        public FrameScale(double scale, double error, int stars) {
            this(scale, error, stars, 0, null);
        }

        /** A measured flux normalised by this frame's scale and sky offset. */
        public double normalise(double flux, double area) {
            return (flux + area * skyOffset) / scale;
        }
    }

    /** One comparison star: its weight in the ensemble (share of the total) and its scatter about the model (relative). */
    public record Comparison(String star, double weight, double scatter) {
    }

    /**
     * The ensemble: the comparison stars (with weights and scatter when chosen automatically), each frame's
     * scale, the stars rejected and why, and the comparison stars' reduced chi-square about the model with
     * the factor the target's errors are scaled by ({@code max(1, sqrt(chi2))}).
     */
    public record Result(List<String> comparisonStars, Map<String, FrameScale> scales, List<Comparison> comparisons,
                         Map<String, String> rejected, double reducedChiSquare, double errorScale) {

        public Result(List<String> comparisonStars, Map<String, FrameScale> scales) {
            this(comparisonStars, scales, comparisonStars.stream().map(s -> new Comparison(s, Double.NaN, Double.NaN)).toList(), Map.of(),
                    Double.NaN, 1.0);
        }

        public FrameScale scale(String frame) {
            return scales.get(frame);
        }
    }

    private Ensemble() {
    }

    public static Result normalise(List<FrameMeasurements> frames, Set<String> excluded, double minSnr) {
        Map<String, Double> reference = candidates(frames, excluded, minSnr);
        Map<String, FrameScale> firstPass = scales(frames, reference);
        Map<String, Double> scatter = new HashMap<>();
        for (String star : reference.keySet()) {
            double[] normalised = frames.stream().filter(f -> firstPass.get(f.file()) != null)
                    .map(f -> {
                        Measurement m = f.of(star);
                        return m != null && m.clean() ? m.flux() / reference.get(star) / firstPass.get(f.file()).scale() : null;
                    }).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
            scatter.put(star, Statistics.std(normalised, normalised.length));
        }
        double[] all = scatter.values().stream().mapToDouble(Double::doubleValue).toArray();
        double typical = Statistics.median(all, all.length);
        Map<String, Double> steady = new LinkedHashMap<>();
        reference.forEach((star, flux) -> {
            if (reference.size() < 3 || !(scatter.get(star) > 3 * typical)) {
                steady.put(star, flux);
            }
        });
        return new Result(List.copyOf(steady.keySet()), scales(frames, steady));
    }

    /**
     * Normalisation on comparison stars the observer chose, the classic differential way: a frame's
     * scale is the sum of their fluxes over the sum of their median fluxes (brighter stars weigh
     * more). No selection and no rejection; a star counts on every frame where it is measured with
     * positive flux, on the image and with a sky (a bad pixel in its aperture, interpolated, does not
     * drop it).
     */
    public static Result normaliseOn(List<FrameMeasurements> frames, Set<String> comparisons) {
        Map<String, List<Double>> fluxes = new LinkedHashMap<>();
        for (FrameMeasurements frame : frames) {
            for (Measurement m : frame.measurements()) {
                if (comparisons.contains(m.star()) && usableWhenChosen(m)) {
                    fluxes.computeIfAbsent(m.star(), s -> new ArrayList<>()).add(m.flux());
                }
            }
        }
        Map<String, Double> reference = new LinkedHashMap<>();
        fluxes.forEach((star, values) -> {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            reference.put(star, Statistics.median(v, v.length));
        });
        Map<String, FrameScale> scales = new LinkedHashMap<>();
        for (FrameMeasurements frame : frames) {
            double flux = 0;
            double expected = 0;
            double variance = 0;
            int n = 0;
            for (Measurement m : frame.measurements()) {
                Double ref = reference.get(m.star());
                if (ref != null && usableWhenChosen(m)) {
                    flux += m.flux();
                    expected += ref;
                    variance += m.fluxError() * m.fluxError();
                    n++;
                }
            }
            if (n > 0) {
                scales.put(frame.file(), new FrameScale(flux / expected, Math.sqrt(variance) / expected, n));
            }
        }
        return new Result(List.copyOf(reference.keySet()), scales);
    }

    private static boolean usableWhenChosen(Measurement m) {
        return (m.flags() & ~Flags.BAD_PIXEL) == 0;
    }

    private static Map<String, Double> candidates(List<FrameMeasurements> frames, Set<String> excluded, double minSnr) {
        Map<String, List<Double>> fluxes = new LinkedHashMap<>();
        for (FrameMeasurements frame : frames) {
            for (Measurement m : frame.measurements()) {
                if (!excluded.contains(m.star()) && m.clean() && m.flux() / m.fluxError() >= minSnr) {
                    fluxes.computeIfAbsent(m.star(), s -> new ArrayList<>()).add(m.flux());
                }
            }
        }
        Map<String, Double> reference = new LinkedHashMap<>();
        fluxes.forEach((star, values) -> {
            if (values.size() >= MIN_FRACTION_OF_FRAMES * frames.size()) {
                double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
                reference.put(star, Statistics.median(v, v.length));
            }
        });
        return reference;
    }

    private static Map<String, FrameScale> scales(List<FrameMeasurements> frames, Map<String, Double> reference) {
        Map<String, FrameScale> scales = new LinkedHashMap<>();
        for (FrameMeasurements frame : frames) {
            double[] ratios = new double[reference.size()];
            double relativeErrors = 0;
            int n = 0;
            for (Measurement m : frame.measurements()) {
                Double ref = reference.get(m.star());
                if (ref != null && m.clean()) {
                    ratios[n++] = m.flux() / ref;
                    relativeErrors += (m.fluxError() / m.flux()) * (m.fluxError() / m.flux());
                }
            }
            if (n == 0) {
                continue;
            }
            double median = Statistics.median(ratios, n);
            double[] deviations = new double[n];
            for (int i = 0; i < n; i++) {
                deviations[i] = Math.abs(ratios[i] - median);
            }
            double sigma = Math.max(1.4826 * Statistics.median(deviations, n), median * Math.sqrt(relativeErrors / n));
            double error = 1.2533 * sigma / Math.sqrt(n);
            scales.put(frame.file(), new FrameScale(median, error, n));
        }
        return scales;
    }
}
