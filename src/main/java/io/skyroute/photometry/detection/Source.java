package io.skyroute.photometry.detection;

/** A detected source: flux-weighted centroid (0-based px), sky position, peak and summed flux above background, pixel count, FWHM (px). */
public record Source(double x, double y, double ra, double dec, double peak, double flux, int area, double fwhm, boolean saturated) {
}
