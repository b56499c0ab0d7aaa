package io.skyroute.sources.surveys;

import java.util.Locale;

/** A catalogue row: what a survey is asked about (RA and Dec in degrees). */
public record SurveyTarget(int row, String name, double ra, double dec, double mag) {

    /** The source's key in the frame list and the products table: its name and position (a name may repeat across catalogues). */
    public String key() {
        return String.format(Locale.ROOT, "%s|%.6f|%.6f", name, ra, dec);
    }
}
