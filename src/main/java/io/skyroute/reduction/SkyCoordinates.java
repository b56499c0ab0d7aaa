package io.skyroute.reduction;

/** Parses target coordinates as observers write them: degrees, or sexagesimal {@code hh:mm:ss} / {@code dd:mm:ss}. */
public final class SkyCoordinates {

    private SkyCoordinates() {
    }

    /** Right ascension in degrees; sexagesimal values are hours. */
    public static double ra(String text) {
        return parse(text, "RA", true);
    }

    /** Declination in degrees. */
    public static double dec(String text) {
        return parse(text, "Dec", false);
    }

    private static double parse(String text, String what, boolean hours) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + ": missing");
        }
        String value = text.trim();
        try {
            if (!value.contains(":") && !value.contains(" ")) {
                return Double.parseDouble(value);
            }
            String[] parts = value.split("[: ]+");
            boolean negative = parts[0].startsWith("-");
            double magnitude = Math.abs(Double.parseDouble(parts[0]))
                    + (parts.length > 1 ? Double.parseDouble(parts[1]) / 60 : 0)
                    + (parts.length > 2 ? Double.parseDouble(parts[2]) / 3600 : 0);
            double degrees = (negative ? -magnitude : magnitude) * (hours ? 15 : 1);
            if (hours ? degrees < 0 || degrees >= 360 : degrees < -90 || degrees > 90) {
                throw new IllegalArgumentException(what + ": out of range: " + text);
            }
            return degrees;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(what + ": expected degrees or sexagesimal, found '" + text + "'");
        }
    }
}
