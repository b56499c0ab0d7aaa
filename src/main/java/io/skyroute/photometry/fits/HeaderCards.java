package io.skyroute.photometry.fits;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The key/value cards of an image's headers (primary merged under the image HDU's own), with typed
 * lookups that say which key was wrong when a value cannot be used.
 */
public final class HeaderCards {

    private final String file;
    private final Map<String, String> cards;

    public HeaderCards(String file, Map<String, String> cards) {
        this.file = file;
        this.cards = Collections.unmodifiableMap(cards);
    }

    public String file() {
        return file;
    }

    public Map<String, String> asMap() {
        return cards;
    }

    public boolean has(String key) {
        return cards.containsKey(key.toUpperCase(Locale.ROOT));
    }

    public String string(String key) {
        String value = cards.get(key.toUpperCase(Locale.ROOT));
        return value == null ? null : value.trim();
    }

    public OptionalDouble number(String key) {
        String value = string(key);
        if (value == null || value.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(value.replace('D', 'E').replace('d', 'e')));
        } catch (NumberFormatException e) {
            throw new BadImage(file, key + ": expected a number, found '" + value + "'");
        }
    }

    public double number(String key, double fallback) {
        return number(key).orElse(fallback);
    }

    public double required(String key) {
        return number(key).orElseThrow(() -> new BadImage(file, key + ": missing"));
    }

    /** A FITS logical: true for {@code T}. */
    public boolean flag(String key) {
        return "T".equals(string(key));
    }

    public long longValue(String key, long fallback) {
        OptionalDouble value = number(key);
        return value.isEmpty() ? fallback : (long) value.getAsDouble();
    }

    public int integer(String key, int fallback) {
        OptionalDouble value = number(key);
        if (value.isEmpty()) {
            return fallback;
        }
        double v = value.getAsDouble();
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new BadImage(file, key + ": expected an integer, found " + string(key));
        }
        return (int) v;
    }
}
