package io.skyroute.photometry.aperture;

import io.skyroute.photometry.concurrent.SpareCore;
import io.skyroute.photometry.stats.Statistics;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.fits.Observation;
import io.skyroute.photometry.wcs.Projection;

import java.util.ArrayList;
import java.util.List;

/**
 * Aperture photometry at given positions on one image: exact circular apertures, a local sky from an
 * annulus, CCD-equation (or ERR-plane) errors, flags. Thread-safe; one instance serves many images.
 */
public final class ForcedPhotometry {

    /** Fewer usable annulus pixels than this and the sky is flagged as poor. */
    public static final int MIN_SKY_PIXELS = 20;
    private static final int RECENTER_ITERATIONS = 10;

    private final PhotometryOptions options;

    public ForcedPhotometry(PhotometryOptions options) {
        this.options = options;
    }

    public PhotometryOptions options() {
        return options;
    }

    /**
     * Measures every star of the list that falls on the image ({@code -0.5 <= x < width - 0.5}, same
     * for y), at its WCS position (recentred when the options say so), in the order given.
     */
    public List<Measurement> measure(FitsImage image, Projection projection, List<Star> stars) {
        Observation observation = image.observation();
        // each star's measurement reads the image only: a long list's second half goes to an idle core
        List<List<Measurement>> halves = java.util.Arrays.asList(null, null);
        SpareCore.inHalves(stars.size(), stars.size() >= SPLIT_FROM,
                (from, to) -> halves.set(from == 0 ? 0 : 1, measureEach(image, observation, projection, stars.subList(from, to))));
        List<Measurement> measurements = halves.get(0);
        if (halves.get(1) != null) {
            measurements.addAll(halves.get(1));
        }
        return measurements;
    }

    /** Below this many stars, handing half of them to another core costs more than it saves. */
    private static final int SPLIT_FROM = 16;

    private List<Measurement> measureEach(FitsImage image, Observation observation, Projection projection, List<Star> stars) {
        List<Measurement> measurements = new ArrayList<>();
        for (Star star : stars) {
            double[] pixel = projection.skyToPixel(star.ra(), star.dec());
            if (pixel[0] >= -0.5 && pixel[0] < image.width() - 0.5 && pixel[1] >= -0.5 && pixel[1] < image.height() - 0.5) {
                measurements.add(measure(image, observation, star.name(), pixel[0], pixel[1]));
            }
        }
        return measurements;
    }

    /** Measures a star at a 0-based pixel position. */
    public Measurement measure(FitsImage image, String star, double x, double y) {
        return measure(image, image.observation(), star, x, y);
    }

    private Measurement measure(FitsImage image, Observation observation, String star, double x, double y) {
        int flags = 0;
        double cx = x;
        double cy = y;
        Sky sky = sky(image, cx, cy);
        if (options.recenter()) {
            double[] centre = recenter(image, x, y, sky.level);
            if (centre == null) {
                flags |= Flags.RECENTER_FAILED;
            } else {
                cx = centre[0];
                cy = centre[1];
                sky = sky(image, cx, cy);
            }
        }
        return aperture(image, observation, star, cx, cy, sky, flags);
    }

    private record Sky(double level, double std, int pixels) {
    }

    /** Annulus pixels whose centres satisfy {@code rIn <= d < rOut}, bad pixels left out. */
    private Sky sky(FitsImage image, double x, double y) {
        double rIn2 = options.annulusInner() * options.annulusInner();
        double rOut = options.annulusOuter();
        double rOut2 = rOut * rOut;
        int x0 = Math.max(0, (int) Math.floor(x - rOut));
        int x1 = Math.min(image.width() - 1, (int) Math.ceil(x + rOut));
        int y0 = Math.max(0, (int) Math.floor(y - rOut));
        int y1 = Math.min(image.height() - 1, (int) Math.ceil(y + rOut));
        int capacity = Math.max(0, (x1 - x0 + 1) * (y1 - y0 + 1));
        double[] values = new double[capacity];
        int n = 0;
        float[] pixels = image.pixels();
        for (int j = y0; j <= y1; j++) {
            double dy = j - y;
            for (int i = x0; i <= x1; i++) {
                double dx = i - x;
                double d2 = dx * dx + dy * dy;
                int index = j * image.width() + i;
                if (d2 >= rIn2 && d2 < rOut2 && !image.bad(index)) {
                    values[n++] = pixels[index];
                }
            }
        }
        if (n == 0) {
            return new Sky(Double.NaN, Double.NaN, 0);
        }
        if (options.sky() == SkyMethod.CLIPPED_MEAN) {
            Statistics.Clipped clipped = Statistics.sigmaClip(values, n, 3.0, 5);
            return new Sky(clipped.mean(), clipped.std(), clipped.count());
        }
        double std = Statistics.std(values, n);
        return new Sky(Statistics.median(values, n), std, n);
    }

    private Measurement aperture(FitsImage image, Observation observation, String star, double x, double y, Sky sky, int flags) {
        double r = options.apertureRadius();
        int width = image.width();
        int height = image.height();
        int x0 = (int) Math.floor(x - r - 0.5);
        int x1 = (int) Math.ceil(x + r + 0.5);
        int y0 = (int) Math.floor(y - r - 0.5);
        int y1 = (int) Math.ceil(y + r + 0.5);
        double saturation = observation.saturation();
        float[] pixels = image.pixels();
        float[] errors = image.errors();
        double sum = 0;
        double peak = Double.NEGATIVE_INFINITY;
        double errorVariance = 0;
        double inner2 = (r - 0.7072) > 0 ? (r - 0.7072) * (r - 0.7072) : -1;
        for (int j = y0; j <= y1; j++) {
            for (int i = x0; i <= x1; i++) {
                double dx = i - x;
                double dy = j - y;
                double d2 = dx * dx + dy * dy;
                double fraction = d2 < inner2 ? 1.0 : CircleOverlap.area(dx - 0.5, dy - 0.5, dx + 0.5, dy + 0.5, r);
                if (fraction <= 0) {
                    continue;
                }
                if (i < 0 || j < 0 || i >= width || j >= height) {
                    flags |= Flags.EDGE;
                    continue;
                }
                int index = j * width + i;
                double value;
                if (image.bad(index)) {
                    flags |= Flags.BAD_PIXEL;
                    if (!options.interpolateBadPixels()) {
                        continue;
                    }
                    value = interpolated(image, i, j, sky.level);
                } else {
                    value = pixels[index];
                }
                if (value >= saturation) {
                    flags |= Flags.SATURATED;
                }
                if (value > peak) {
                    peak = value;
                }
                sum += value * fraction;
                if (errors != null) {
                    errorVariance += errors[index] * (double) errors[index] * fraction;
                }
            }
        }
        double area = Math.PI * r * r;
        if (sky.pixels < MIN_SKY_PIXELS) {
            flags |= Flags.POOR_SKY;
        }
        double flux = sum - sky.level * area;
        double fluxError = fluxError(observation, flux, area, sky, errors != null ? errorVariance : Double.NaN);
        double magnitude = Double.NaN;
        double magnitudeError = Double.NaN;
        if (flux > 0) {
            double exposure = observation.exposure();
            double rate = Double.isNaN(exposure) || exposure <= 0 ? flux : flux / exposure;
            magnitude = options.zeroPoint() - 2.5 * Math.log10(rate);
            magnitudeError = 2.5 / Math.log(10) * fluxError / flux;
        } else {
            flags |= Flags.NO_FLUX;
        }
        return new Measurement(star, x, y, sum, area, sky.level, sky.std, sky.pixels, flux, fluxError, magnitude, magnitudeError, flags,
                peak == Double.NEGATIVE_INFINITY ? Double.NaN : peak);
    }

    /** A bad pixel's stand-in: the mean of its usable 8 neighbours, or the sky when it has none. */
    private static double interpolated(FitsImage image, int x, int y, double sky) {
        double sum = 0;
        int n = 0;
        for (int j = Math.max(0, y - 1); j <= Math.min(image.height() - 1, y + 1); j++) {
            for (int i = Math.max(0, x - 1); i <= Math.min(image.width() - 1, x + 1); i++) {
                int index = j * image.width() + i;
                if ((i != x || j != y) && !image.bad(index)) {
                    sum += image.pixels()[index];
                    n++;
                }
            }
        }
        return n > 0 ? sum / n : sky;
    }

    /**
     * The CCD equation in data units: source shot noise {@code F/g}, and per aperture pixel the sky
     * shot noise and read noise, inflated by {@code (1 + area/nSky)} for the uncertainty of the sky
     * estimate itself. With an ERR plane, its variance over the aperture replaces the first two.
     */
    private static double fluxError(Observation obs, double flux, double area, Sky sky, double errPlaneVariance) {
        double gain = obs.gain() > 0 ? obs.gain() : 1.0;
        double readNoise = obs.readNoise() / gain;
        double skyVariancePerPixel = Math.max(sky.level, 0) / gain + readNoise * readNoise;
        double skyTerm = sky.pixels > 0 ? area * area * skyVariancePerPixel / sky.pixels : 0;
        double variance;
        if (!Double.isNaN(errPlaneVariance)) {
            variance = errPlaneVariance + skyTerm;
        } else {
            variance = Math.max(flux, 0) / gain + area * skyVariancePerPixel + skyTerm;
        }
        return Math.sqrt(variance);
    }

    /**
     * Moves a position to the star's centre: a few centre-of-light steps inside the aperture to get
     * close, then the Gaussian-windowed centroid SExtractor calls XWIN (window sigma = 0.4 r), which
     * does not drag the answer back towards the starting point. Null when there is no light or the
     * centre wanders off by more than the aperture radius.
     */
    private double[] recenter(FitsImage image, double x, double y, double skyLevel) {
        if (Double.isNaN(skyLevel)) {
            return null;
        }
        double r = options.apertureRadius();
        double[] centre = {x, y};
        for (int iteration = 0; iteration < 3; iteration++) {
            if (!step(image, centre, skyLevel, r, 0) || Math.hypot(centre[0] - x, centre[1] - y) > r) {
                return null;
            }
        }
        double sigma = 0.4 * r;
        for (int iteration = 0; iteration < RECENTER_ITERATIONS; iteration++) {
            double px = centre[0];
            double py = centre[1];
            if (!step(image, centre, skyLevel, 4 * sigma, sigma) || Math.hypot(centre[0] - x, centre[1] - y) > r) {
                return null;
            }
            if (Math.hypot(centre[0] - px, centre[1] - py) < 1e-4) {
                break;
            }
        }
        return centre;
    }

    /** One centroid step within {@code radius}; plain centre of light when {@code sigma} is 0, windowed otherwise. */
    private static boolean step(FitsImage image, double[] centre, double skyLevel, double radius, double sigma) {
        double cx = centre[0];
        double cy = centre[1];
        double sw = 0;
        double sx = 0;
        double sy = 0;
        int x0 = Math.max(0, (int) Math.floor(cx - radius));
        int x1 = Math.min(image.width() - 1, (int) Math.ceil(cx + radius));
        int y0 = Math.max(0, (int) Math.floor(cy - radius));
        int y1 = Math.min(image.height() - 1, (int) Math.ceil(cy + radius));
        double twoSigma2 = 2 * sigma * sigma;
        for (int j = y0; j <= y1; j++) {
            for (int i = x0; i <= x1; i++) {
                double dx = i - cx;
                double dy = j - cy;
                double d2 = dx * dx + dy * dy;
                int index = j * image.width() + i;
                if (d2 <= radius * radius && !image.bad(index)) {
                    double light = image.pixels()[index] - skyLevel;
                    double w = sigma == 0 ? Math.max(light, 0) : light * Math.exp(-d2 / twoSigma2);
                    sw += w;
                    sx += w * dx;
                    sy += w * dy;
                }
            }
        }
        if (sw <= 0) {
            return false;
        }
        double factor = sigma == 0 ? 1 : 2;
        centre[0] = cx + factor * sx / sw;
        centre[1] = cy + factor * sy / sw;
        return true;
    }
}
