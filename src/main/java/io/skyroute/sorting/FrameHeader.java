package io.skyroute.sorting;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The header values of one frame that sorting looks at: the primary header with the science
 * extension's cards laid over it (LCO reduced frames keep the science header in {@code SCI}).
 * Keys are upper-case FITS keywords; values are the cards' values as text.
 */
public final class FrameHeader {

    private final Map<String, String> cards;

    public FrameHeader(Map<String, String> cards) {
        this.cards = Collections.unmodifiableMap(cards);
    }

    public Map<String, String> cards() {
        return cards;
    }

    /** A card's value, trimmed; empty when the card is missing or blank. */
    public Optional<String> text(String key) {
        String value = cards.get(key.toUpperCase(Locale.ROOT));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public OptionalDouble number(String key) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(value.get()));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    public OptionalInt integer(String key) {
        OptionalDouble value = number(key);
        return value.isPresent() && value.getAsDouble() == Math.rint(value.getAsDouble())
                ? OptionalInt.of((int) value.getAsDouble()) : OptionalInt.empty();
    }

    public Optional<String> object() { return text("OBJECT"); }
    public Optional<String> instrument() { return text("INSTRUME"); }
    public Optional<String> filter() { return text("FILTER"); }
    public Optional<String> obstype() { return text("OBSTYPE"); }
    public Optional<String> dateObs() { return text("DATE-OBS"); }
    public Optional<String> dayObs() { return text("DAY-OBS"); }
    public Optional<String> ra() { return text("RA"); }
    public Optional<String> dec() { return text("DEC"); }

    @Override
    public String toString() {
        return "FrameHeader" + Map.of("OBJECT", object().orElse("-"), "INSTRUME", instrument().orElse("-"), "FILTER", filter().orElse("-"));
    }
}
