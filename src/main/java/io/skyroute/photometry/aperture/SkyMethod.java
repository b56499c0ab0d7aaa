package io.skyroute.photometry.aperture;

/** How the local sky per pixel is estimated from the annulus pixels. */
public enum SkyMethod {
    /** Median of the pixels whose centres lie in the annulus (photutils {@code ApertureStats(...).median}). */
    MEDIAN,
    /** Mean of those pixels after 3-sigma clipping (astropy {@code sigma_clipped_stats}). */
    CLIPPED_MEAN
}
