package io.skyroute.photometry;

/** A star to measure, by name and ICRS position in degrees. */
public record Star(String name, double ra, double dec) {
}
