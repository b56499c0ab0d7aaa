package io.skyroute.photometry.detection;

import io.skyroute.photometry.concurrent.SpareCore;

import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.stats.Statistics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds stars only where they are expected, instead of detecting over the whole image: around each
 * predicted position, the background and noise of a box (median and scaled MAD), the brightest pixel
 * inside the search radius that stands {@code threshold} sigma above it, and the 8-connected pixels
 * above the threshold grown from it, described as {@link SourceDetector} describes a source
 * (centre of light, peak, flux, area, FWHM from second moments). A star off by more than the search
 * radius is simply not found: a caller that needs more falls back to the full detection.
 */
public final class LocalCentroids {

    private final double threshold;
    private final int minArea;
    private final int searchRadius;
    private final int backgroundRadius;

    /**
     * @param threshold    sigma above the local background, as {@link SourceDetector}'s
     * @param minArea      fewest connected pixels above it that count as a star (hot pixels and cosmic rays are smaller)
     * @param searchRadius how far from the predicted position (px) the peak may be
     */
    public LocalCentroids(double threshold, int minArea, int searchRadius) {
        this.threshold = threshold;
        this.minArea = minArea;
        this.searchRadius = searchRadius;
        this.backgroundRadius = searchRadius + searchRadius / 2;
    }

    /** The stars found near the predicted positions (0-based px), each found star once, in the order of the positions. */
    public List<Source> find(FitsImage image, List<double[]> predicted) {
        Candidate[] candidates = new Candidate[predicted.size()];
        // each position's look reads the image only: a long list's second half goes to an idle core
        SpareCore.inHalves(predicted.size(), predicted.size() >= SPLIT_FROM, (from, to) -> look(image, predicted, from, to, candidates));
        // a peak belongs to the first position that reached it, found as a star or not
        List<Source> found = new ArrayList<>();
        Set<Integer> peaks = new HashSet<>();
        for (Candidate candidate : candidates) {
            if (candidate != null && peaks.add(candidate.peak()) && candidate.source() != null) {
                found.add(candidate.source());
            }
        }
        return found;
    }

    /** Below this many positions, handing half of them to another core costs more than it saves. */
    private static final int SPLIT_FROM = 16;

    /** The brightest significant pixel near a position, and the star grown from it (null when too small). */
    private record Candidate(int peak, Source source) {
    }

    private void look(FitsImage image, List<double[]> predicted, int from, int to, Candidate[] candidates) {
        int side = 2 * backgroundRadius + 1;
        double[] work = new double[side * side];
        int[] members = new int[side * side];
        int[] stack = new int[side * side];
        boolean[] seen = new boolean[side * side];
        for (int i = from; i < to; i++) {
            candidates[i] = near(image, predicted.get(i)[0], predicted.get(i)[1], work, members, stack, seen);
        }
    }

    private Candidate near(FitsImage image, double px, double py, double[] work, int[] members, int[] stack, boolean[] seen) {
        int width = image.width();
        int cx = (int) Math.round(px);
        int cy = (int) Math.round(py);
        int x0 = Math.max(0, cx - backgroundRadius);
        int x1 = Math.min(width - 1, cx + backgroundRadius);
        int y0 = Math.max(0, cy - backgroundRadius);
        int y1 = Math.min(image.height() - 1, cy + backgroundRadius);
        if (x0 > x1 || y0 > y1) {
            return null;
        }
        float[] pixels = image.pixels();
        int n = 0;
        for (int j = y0; j <= y1; j++) {
            for (int i = x0; i <= x1; i++) {
                int index = j * width + i;
                if (!image.bad(index)) {
                    work[n++] = pixels[index];
                }
            }
        }
        if (n < minArea * 4) {
            return null;
        }
        double background = Statistics.median(work, n);
        for (int k = 0; k < n; k++) {
            work[k] = Math.abs(work[k] - background);
        }
        double noise = 1.4826 * Statistics.median(work, n);
        if (!(noise > 0)) {
            return null;
        }
        double cut = background + threshold * noise;
        // the brightest significant pixel within the search radius of the prediction
        int peak = -1;
        double peakValue = cut;
        for (int j = Math.max(y0, cy - searchRadius); j <= Math.min(y1, cy + searchRadius); j++) {
            for (int i = Math.max(x0, cx - searchRadius); i <= Math.min(x1, cx + searchRadius); i++) {
                int index = j * width + i;
                if (!image.bad(index) && pixels[index] > peakValue) {
                    peakValue = pixels[index];
                    peak = index;
                }
            }
        }
        if (peak < 0) {
            return null;
        }
        // the connected pixels above the cut around the peak, inside the box
        int boxWidth = x1 - x0 + 1;
        java.util.Arrays.fill(seen, 0, boxWidth * (y1 - y0 + 1), false);
        int count = 0;
        int top = 0;
        stack[top++] = peak;
        seen[(peak / width - y0) * boxWidth + peak % width - x0] = true;
        while (top > 0) {
            int index = stack[--top];
            members[count++] = index;
            int x = index % width;
            int y = index / width;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx;
                    int ny = y + dy;
                    if (nx >= x0 && ny >= y0 && nx <= x1 && ny <= y1) {
                        int local = (ny - y0) * boxWidth + nx - x0;
                        int next = ny * width + nx;
                        if (!seen[local] && !image.bad(next) && pixels[next] > cut) {
                            seen[local] = true;
                            stack[top++] = next;
                        }
                    }
                }
            }
        }
        return new Candidate(peak, count < minArea ? null : SourceDetector.describe(image, null, members, count, index -> pixels[index] - background));
    }
}
