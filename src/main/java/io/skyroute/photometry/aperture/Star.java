package io.skyroute.photometry.aperture;

/** A star to measure, by name and ICRS position in degrees. */
public record Star(String name, double ra, double dec) {
}
