package io.skyroute.photometry.detection;

import io.skyroute.photometry.stats.Statistics;
import io.skyroute.photometry.background.MeshBackground;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.wcs.Wcs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds stars: pixels more than {@code threshold} sigma above a mesh background (sigma: the median of
 * the boxes' clipped standard deviations), grouped 8-connected, kept when at least {@code minArea} pixels large.
 * Each source gets its flux-weighted centroid, its sky position when a WCS is given, and a FWHM from
 * its second moments ({@code 2 sqrt(ln 2 (x2 + y2))}, the LCO pipeline's definition). Blended
 * sources are not split.
 */
public final class SourceDetector {

    private final double threshold;
    private final int minArea;
    private final int meshBox;

    public SourceDetector(double threshold, int minArea) {
        this(threshold, minArea, 64);
    }

    public SourceDetector(double threshold, int minArea, int meshBox) {
        this.threshold = threshold;
        this.minArea = minArea;
        this.meshBox = meshBox;
    }

    public double threshold() {
        return threshold;
    }

    public int minArea() {
        return minArea;
    }

    /** Sources, brightest first. */
    public List<Source> detect(FitsImage image, Wcs wcs) {
        int width = image.width();
        int height = image.height();
        MeshBackground background = MeshBackground.of(image, meshBox);
        double noise = background.noise();
        // a pixel's light above the background, worked out where it is needed rather than kept for the whole image:
        // with the region buffers grown on demand, finding stars needs 1 byte a pixel besides the image, not 13
        java.util.function.IntToDoubleFunction above = index -> (float) (image.pixels()[index] - background.at(index % width, index / width));
        boolean[] candidate = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int index = y * width + x;
                if (!image.bad(index)) {
                    candidate[index] = (float) (image.pixels()[index] - background.at(x, y)) > threshold * noise;
                }
            }
        }
        List<Source> sources = new ArrayList<>();
        int[] stack = new int[1024];
        int[] members = new int[1024];
        for (int start = 0; start < candidate.length; start++) {
            if (!candidate[start]) {
                continue;
            }
            int n = 0;
            int top = 0;
            stack[top++] = start;
            candidate[start] = false;
            while (top > 0) {
                int index = stack[--top];
                if (n == members.length) {
                    members = java.util.Arrays.copyOf(members, 2 * n);
                }
                members[n++] = index;
                int x = index % width;
                int y = index / width;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < width && ny < height && candidate[ny * width + nx]) {
                            candidate[ny * width + nx] = false;
                            if (top == stack.length) {
                                stack = java.util.Arrays.copyOf(stack, 2 * top);
                            }
                            stack[top++] = ny * width + nx;
                        }
                    }
                }
            }
            if (n >= minArea) {
                sources.add(describe(image, wcs, members, n, above));
            }
        }
        sources.sort(Comparator.comparingDouble(Source::flux).reversed());
        return sources;
    }

    /**
     * A source from its member pixels: centre of light, peak, flux and FWHM of their light above the background
     * ({@code above}), saturated when any member reaches the frame's SATURATE; sky position when a WCS is given.
     */
    static Source describe(FitsImage image, Wcs wcs, int[] members, int n, java.util.function.IntToDoubleFunction above) {
        int width = image.width();
        double saturation = image.observation().saturation();
        double sum = 0;
        double sx = 0;
        double sy = 0;
        double peak = 0;
        boolean saturated = false;
        for (int k = 0; k < n; k++) {
            int index = members[k];
            double v = above.applyAsDouble(index);
            sum += v;
            sx += v * (index % width);
            sy += v * (index / width);
            peak = Math.max(peak, v);
            saturated |= image.pixels()[index] >= saturation;
        }
        double x = sx / sum;
        double y = sy / sum;
        double second = 0;
        for (int k = 0; k < n; k++) {
            int index = members[k];
            double dx = index % width - x;
            double dy = index / width - y;
            second += above.applyAsDouble(index) * (dx * dx + dy * dy);
        }
        double fwhm = 2 * Math.sqrt(Math.log(2) * second / sum);
        double[] sky = wcs == null ? new double[]{Double.NaN, Double.NaN} : wcs.pixelToSky(x, y);
        return new Source(x, y, sky[0], sky[1], peak, sum, n, fwhm, saturated);
    }

    /** The typical FWHM of an image: median over unsaturated sources of the brightest half (NaN if none). */
    public static double medianFwhm(List<Source> sources) {
        double[] values = sources.stream().limit(Math.max(1, sources.size() / 2)).filter(s -> !s.saturated() && s.area() >= 9)
                .mapToDouble(Source::fwhm).toArray();
        return Statistics.median(values, values.length);
    }
}
