package io.skyroute.photometry.ensemble;

/**
 * One point of a star's lightcurve: mid-exposure time (MJD UTC, BJD_TDB, HJD_UTC), the ensemble-
 * normalised flux and its error (frame scale uncertainty included), magnitude, flags, frame.
 */
public record LightcurvePoint(String frame, double mjd, double bjdTdb, double hjdUtc, String filter, double flux,
                              double fluxError, double magnitude, double magnitudeError, int flags) {
}
