package io.skyroute.photometry.aperture;

/**
 * One star on one frame. {@code x, y} are 0-based pixels; {@code flux = apertureSum - sky * area}
 * with {@code area = pi r^2} (exact); {@code sky} is per pixel; errors are 1-sigma.
 */
public record Measurement(String star, double x, double y, double apertureSum, double area, double sky, double skyStd,
                          int skyPixels, double flux, double fluxError, double magnitude, double magnitudeError, int flags) {

    public boolean flagged(int flag) {
        return (flags & flag) != 0;
    }

    /** Usable for normalisation and lightcurves: positive flux, no bad, saturated, edge or sky problems. */
    public boolean clean() {
        return flags == 0;
    }
}
