package io.skyroute.photometry.background;

import io.skyroute.photometry.stats.Statistics;
import io.skyroute.photometry.fits.FitsImage;

/** Global background of an image: sigma-clipped statistics of every usable pixel (astropy's {@code sigma_clipped_stats}). */
public final class Background {

    private Background() {
    }

    public static Statistics.Clipped global(FitsImage image, double sigma, int maxIterations) {
        float[] pixels = image.pixels();
        double[] values = new double[pixels.length];
        int n = 0;
        for (int i = 0; i < pixels.length; i++) {
            if (!image.bad(i)) {
                values[n++] = pixels[i];
            }
        }
        return Statistics.sigmaClip(values, n, sigma, maxIterations);
    }
}
