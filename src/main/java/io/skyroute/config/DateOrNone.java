package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** The seed's {@code start_date}/{@code end_date}: {@code %Y-%m-%d}, or "none" in any case, or empty (no bound). */
public record DateOrNone(Optional<LocalDate> value) implements ConfigValue {

    public static final DateOrNone NONE = new DateOrNone(Optional.empty());

    @JsonCreator
    public static DateOrNone parse(String text) {
        if (text == null || text.isBlank() || text.toLowerCase(Locale.ROOT).contains("none")) {
            return NONE;
        }
        try {
            return new DateOrNone(Optional.of(LocalDate.parse(text.trim())));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a date as 'YYYY-MM-DD' or 'None', found '" + text + "'");
        }
    }
}
