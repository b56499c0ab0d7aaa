package io.skyroute.photometry.fits;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The header values photometry needs, with the defaults a reduced LCO frame implies when a card is
 * absent (gain 1 e-/ADU for images already in electrons, no read noise, no saturation limit).
 * {@code mjd} is MJD-OBS (start of exposure), or DATE-OBS converted when MJD-OBS is missing; {@code fwhm}
 * is the pipeline's seeing estimate (L1FWHM, arcsec), NaN when absent.
 */
public record Observation(double exposure, double gain, double readNoise, double saturation, double pixelScale,
                          double mjd, String dateObs, String filter, double latitude, double longitude, double height, double fwhm) {

    private static final double MJD_UNIX_EPOCH = 40587.0;

    static Observation of(HeaderCards header) {
        String dateObs = header.string("DATE-OBS");
        double mjd = header.number("MJD-OBS").orElse(Double.NaN);
        if (Double.isNaN(mjd) && dateObs != null) {
            mjd = mjdOf(header.file(), dateObs);
        }
        String filter = header.string("FILTER");
        return new Observation(header.number("EXPTIME", Double.NaN), header.number("GAIN", 1.0),
                header.number("RDNOISE", 0.0), header.number("SATURATE", Double.POSITIVE_INFINITY),
                header.number("PIXSCALE", Double.NaN), mjd, dateObs, filter == null ? "" : filter,
                header.number("LATITUDE", Double.NaN), header.number("LONGITUD", Double.NaN), header.number("HEIGHT", 0.0),
                header.number("L1FWHM", Double.NaN));
    }

    /** Mid-exposure MJD (UTC). */
    public double midMjd() {
        return Double.isNaN(exposure) ? mjd : mjd + exposure / 2 / 86400.0;
    }

    public boolean hasSite() {
        return !Double.isNaN(latitude) && !Double.isNaN(longitude);
    }

    static double mjdOf(String file, String isoDate) {
        try {
            LocalDateTime time = LocalDateTime.parse(isoDate.length() == 10 ? isoDate + "T00:00:00" : isoDate);
            double seconds = time.toEpochSecond(ZoneOffset.UTC) + time.getNano() / 1e9;
            return MJD_UNIX_EPOCH + seconds / 86400.0;
        } catch (DateTimeParseException e) {
            throw new BadImage(file, "DATE-OBS: expected an ISO date-time, found '" + isoDate + "'");
        }
    }
}
