package io.skyroute.photometry.wcs;

/** Where a sky position (degrees) falls on an image, as 0-based pixels {@code {x, y}}. */
@FunctionalInterface
public interface Projection {

    double[] skyToPixel(double ra, double dec);
}
