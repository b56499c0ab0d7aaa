package io.skyroute.photometry.aperture;

/**
 * Aperture and annulus radii in pixels, the sky estimator, recentring, the zero point of the
 * instrumental magnitudes {@code zeroPoint - 2.5 log10(flux / EXPTIME)}, and whether bad pixels in
 * the aperture are interpolated (flagged either way).
 */
public record PhotometryOptions(double apertureRadius, double annulusInner, double annulusOuter, SkyMethod sky,
                                boolean recenter, double zeroPoint, boolean interpolateBadPixels) {

    public PhotometryOptions {
        if (!(apertureRadius > 0)) {
            throw new IllegalArgumentException("aperture radius must be > 0 px, is " + apertureRadius);
        }
        if (!(annulusInner >= apertureRadius && annulusOuter > annulusInner)) {
            throw new IllegalArgumentException("annulus must satisfy aperture <= inner < outer, is " + annulusInner + "," + annulusOuter
                    + " with aperture " + apertureRadius);
        }
    }

    public static PhotometryOptions of(double aperture, double inner, double outer) {
        return new PhotometryOptions(aperture, inner, outer, SkyMethod.MEDIAN, false, 25.0, false);
    }

    public PhotometryOptions withRecenter(boolean on) {
        return new PhotometryOptions(apertureRadius, annulusInner, annulusOuter, sky, on, zeroPoint, interpolateBadPixels);
    }

    public PhotometryOptions withSky(SkyMethod method) {
        return new PhotometryOptions(apertureRadius, annulusInner, annulusOuter, method, recenter, zeroPoint, interpolateBadPixels);
    }

    /** Bad pixels in the aperture: left out of the sum (photutils' convention, the default) or replaced by their neighbours' mean. */
    public PhotometryOptions withBadPixelsInterpolated(boolean on) {
        return new PhotometryOptions(apertureRadius, annulusInner, annulusOuter, sky, recenter, zeroPoint, on);
    }

    public PhotometryOptions withZeroPoint(double zp) {
        return new PhotometryOptions(apertureRadius, annulusInner, annulusOuter, sky, recenter, zp, interpolateBadPixels);
    }
}
