package io.skyroute.config;

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
        double degrees;
        try {
            if (!value.contains(":") && !value.contains(" ")) {
                degrees = Double.parseDouble(value);
            } else {
                String[] parts = value.split("[: ]+");
                if (parts.length > 3) {
                    throw new NumberFormatException();
                }
                double minutes = parts.length > 1 ? Double.parseDouble(parts[1]) : 0;
                double seconds = parts.length > 2 ? Double.parseDouble(parts[2]) : 0;
                if (minutes < 0 || minutes >= 60 || seconds < 0 || seconds >= 60) {
                    throw new IllegalArgumentException("expected " + what + " as " + (hours ? "hh:mm:ss" : "dd:mm:ss")
                            + " with minutes and seconds below 60, found '" + text + "'");
                }
                boolean negative = parts[0].startsWith("-");
                double magnitude = Math.abs(Double.parseDouble(parts[0])) + minutes / 60 + seconds / 3600;
                degrees = (negative ? -magnitude : magnitude) * (hours ? 15 : 1);
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("expected " + what + " in degrees or sexagesimal, found '" + text + "'");
        }
        if (Double.isNaN(degrees) || (hours ? degrees < 0 || degrees >= 360 : degrees < -90 || degrees > 90)) {
            throw new IllegalArgumentException("expected " + what + " " + (hours ? "from 0 to 24 h (0-360 degrees)" : "from -90 to +90 degrees")
                    + ", found '" + text + "'");
        }
        return degrees;
    }
}
