package io.skyroute.photometry.aperture;

/**
 * One star on one frame. {@code x, y} are 0-based pixels; {@code flux = apertureSum - sky * area}
 * with {@code area = pi r^2} (exact); {@code sky} is per pixel; errors are 1-sigma; {@code peak} is the
 * highest pixel value in the aperture, sky included (NaN when unknown), to keep comparison stars well
 * below saturation.
 */
public record Measurement(String star, double x, double y, double apertureSum, double area, double sky, double skyStd,
                          int skyPixels, double flux, double fluxError, double magnitude, double magnitudeError, int flags, double peak) {

    /** Without the peak pixel (unknown). */
    public Measurement(String star, double x, double y, double apertureSum, double area, double sky, double skyStd,
                       int skyPixels, double flux, double fluxError, double magnitude, double magnitudeError, int flags) {
        this(star, x, y, apertureSum, area, sky, skyStd, skyPixels, flux, fluxError, magnitude, magnitudeError, flags, Double.NaN);
    }

    public boolean flagged(int flag) {
        return (flags & flag) != 0;
    }

    /** Usable for normalisation and lightcurves: positive flux, no bad, saturated, edge or sky problems. */
    public boolean clean() {
        return flags == 0;
    }

    /** Usable as a comparison: clean but for a bad pixel in the aperture that was interpolated. */
    public boolean usableForComparison() {
        return (flags & ~Flags.BAD_PIXEL) == 0 && flux > 0;
    }
}
