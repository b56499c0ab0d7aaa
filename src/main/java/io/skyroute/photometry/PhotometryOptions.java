package io.skyroute.photometry;

/**
 * Aperture and annulus radii in pixels, the sky estimator, recentring, and the zero point of the
 * instrumental magnitudes {@code zeroPoint - 2.5 log10(flux / EXPTIME)}.
 */
public record PhotometryOptions(double apertureRadius, double annulusInner, double annulusOuter, SkyMethod sky,
                                boolean recenter, double zeroPoint) {

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
        return new PhotometryOptions(aperture, inner, outer, SkyMethod.MEDIAN, false, 25.0);
    }

    public PhotometryOptions withRecenter(boolean on) {
        return new PhotometryOptions(apertureRadius, annulusInner, annulusOuter, sky, on, zeroPoint);
    }

    public PhotometryOptions withSky(SkyMethod method) {
        return new PhotometryOptions(apertureRadius, annulusInner, annulusOuter, method, recenter, zeroPoint);
    }

    public PhotometryOptions withZeroPoint(double zp) {
        return new PhotometryOptions(apertureRadius, annulusInner, annulusOuter, sky, recenter, zp);
    }
}
