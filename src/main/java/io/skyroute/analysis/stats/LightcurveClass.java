package io.skyroute.analysis.stats;

import java.util.Locale;

/** hstlc's three bins: worth a look, constant within its errors, or not enough usable data to say. */
public enum LightcurveClass {
    INTERESTING, BORING, NULL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LightcurveClass of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
