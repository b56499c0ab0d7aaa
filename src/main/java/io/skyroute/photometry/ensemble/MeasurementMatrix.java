package io.skyroute.photometry.ensemble;

import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.stats.Statistics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every frame's measurements as columns of numbers, each star named by an index: the ensemble passes
 * over all of a dataset's measurements several times (2,000 frames x 142 stars in a long campaign), and
 * as objects looked up by name those passes were most of a reduction that added one frame. Entries keep
 * each frame's measurement order (the sums the fits make come out bit for bit as before).
 */
public final class MeasurementMatrix {

    private final List<FrameMeasurements> frames;
    private final String[] names;
    private final int[][] star;
    private final double[][] flux;
    private final double[][] fluxError;
    private final double[][] area;
    private final double[][] peak;
    private final boolean[][] usable;
    private final double[] usableSkyMedian;
    private RunningTally.View tally;

    private MeasurementMatrix(List<FrameMeasurements> frames) {
        this.frames = List.copyOf(frames);
        int count = frames.size();
        star = new int[count][];
        flux = new double[count][];
        fluxError = new double[count][];
        area = new double[count][];
        peak = new double[count][];
        usable = new boolean[count][];
        usableSkyMedian = new double[count];
        Map<String, Integer> index = new HashMap<>();
        String[] previousStars = null;
        int[] previousIds = null;
        for (int f = 0; f < count; f++) {
            FrameMeasurements.Columns columns = frames.get(f).columns();
            flux[f] = columns.flux();
            fluxError[f] = columns.fluxError();
            area[f] = columns.area();
            peak[f] = columns.peak();
            usable[f] = columns.usable();
            usableSkyMedian[f] = columns.usableSkyMedian();
            // a dataset's frames mostly list the catalogue's stars in one order: map names to indices once per order
            if (previousStars == null || !java.util.Arrays.equals(columns.stars(), previousStars)) {
                previousStars = columns.stars();
                previousIds = new int[previousStars.length];
                for (int k = 0; k < previousStars.length; k++) {
                    Integer id = index.get(previousStars[k]);
                    if (id == null) {
                        id = index.size();
                        index.put(previousStars[k], id);
                    }
                    previousIds[k] = id;
                }
            }
            star[f] = previousIds;
        }
        names = new String[index.size()];
        index.forEach((name, id) -> names[id] = name);
    }

    public static MeasurementMatrix of(List<FrameMeasurements> frames) {
        return new MeasurementMatrix(frames);
    }

    /**
     * The matrix with the dataset's running tally brought up to its frames: the medians over all frames that choosing
     * comparison stars needs are then read from the tally instead of gathered from every frame (the same numbers).
     */
    public static MeasurementMatrix of(List<FrameMeasurements> frames, RunningTally tally) {
        MeasurementMatrix matrix = new MeasurementMatrix(frames);
        matrix.tally = tally == null ? null : tally.over(matrix);
        return matrix;
    }

    /** The running tally as this matrix numbers its stars, or null. */
    RunningTally.View tally() {
        return tally;
    }

    /** The median sky of frame f's stars usable for comparison, NaN when none is. */
    public double usableSkyMedian(int f) {
        return usableSkyMedian[f];
    }

    public int frameCount() {
        return frames.size();
    }

    public FrameMeasurements frame(int f) {
        return frames.get(f);
    }

    public int starCount() {
        return names.length;
    }

    public String name(int star) {
        return names[star];
    }

    /** The star's index, or -1 when no frame measured it. */
    public int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    int entries(int f) {
        return star[f].length;
    }

    /**
     * For each frame, the positions of its entries whose star passes {@code wanted}, in entry order. Frames listing
     * their stars in one order share one array (most of a dataset's frames do), so a loop over a dozen comparison
     * stars does not pass over every measured star of every frame.
     */
    int[][] positions(java.util.function.IntPredicate wanted) {
        int[][] positions = new int[star.length][];
        Map<int[], int[]> byOrder = new java.util.IdentityHashMap<>();
        for (int f = 0; f < star.length; f++) {
            positions[f] = byOrder.computeIfAbsent(star[f], order -> {
                int[] at = new int[order.length];
                int n = 0;
                for (int k = 0; k < order.length; k++) {
                    if (wanted.test(order[k])) {
                        at[n++] = k;
                    }
                }
                return java.util.Arrays.copyOf(at, n);
            });
        }
        return positions;
    }

    int star(int f, int k) {
        return star[f][k];
    }

    double flux(int f, int k) {
        return flux[f][k];
    }

    double fluxError(int f, int k) {
        return fluxError[f][k];
    }

    double area(int f, int k) {
        return area[f][k];
    }

    double peak(int f, int k) {
        return peak[f][k];
    }

    boolean usable(int f, int k) {
        return usable[f][k];
    }

    /**
     * Each named star's median positive flux over the frames (a frame's first measurement of it, as
     * {@link FrameMeasurements#of} gives; 0 when it has none, or no frame measured it).
     */
    public Map<String, Double> medianPositiveFluxes(Set<String> stars) {
        boolean[] wanted = new boolean[names.length];
        for (int i = 0; i < names.length; i++) {
            wanted[i] = stars.contains(names[i]);
        }
        double[] medians = medianPositiveFluxes(wanted);
        Map<String, Double> byName = new HashMap<>();
        for (String name : stars) {
            byName.put(name, 0.0);
        }
        for (int s = 0; s < names.length; s++) {
            if (wanted[s] && !Double.isNaN(medians[s])) {
                byName.put(names[s], medians[s]);
            }
        }
        return byName;
    }

    /** The star's median positive flux over the frames (each frame's first measurement of it), NaN when it has none. */
    public double medianPositiveFlux(String name) {
        int s = indexOf(name);
        if (s < 0) {
            return Double.NaN;
        }
        if (tally != null) {
            return tally.positiveFluxMedian(s);
        }
        double[] values = new double[star.length];
        int count = 0;
        for (int f = 0; f < star.length; f++) {
            int[] stars = star[f];
            // the frame's first measurement of it: a scan that stops there (the target is usually first)
            for (int k = 0; k < stars.length; k++) {
                if (stars[k] == s) {
                    if (flux[f][k] > 0) {
                        values[count++] = flux[f][k];
                    }
                    break;
                }
            }
        }
        return count == 0 ? Double.NaN : Statistics.median(values, count);
    }

    private double[] medianPositiveFluxes(boolean[] wanted) {
        if (tally != null) {
            double[] medians = new double[names.length];
            for (int s = 0; s < names.length; s++) {
                medians[s] = wanted[s] ? tally.positiveFluxMedian(s) : Double.NaN;
            }
            return medians;
        }
        double[][] values = new double[names.length][];
        int[] counts = new int[names.length];
        int[] seenOn = new int[names.length];
        java.util.Arrays.fill(seenOn, -1);
        for (int f = 0; f < star.length; f++) {
            for (int k = 0; k < star[f].length; k++) {
                int s = star[f][k];
                if (!wanted[s] || seenOn[s] == f) {
                    continue;
                }
                seenOn[s] = f;
                if (flux[f][k] > 0) {
                    if (values[s] == null) {
                        values[s] = new double[star.length];
                    }
                    values[s][counts[s]++] = flux[f][k];
                }
            }
        }
        double[] medians = new double[names.length];
        java.util.Arrays.fill(medians, Double.NaN);
        for (int s = 0; s < names.length; s++) {
            if (counts[s] > 0) {
                medians[s] = Statistics.median(values[s], counts[s]);
            }
        }
        return medians;
    }
}
