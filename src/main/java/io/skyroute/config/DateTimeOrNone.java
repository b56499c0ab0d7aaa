package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The seed's {@code start_datetime}/{@code end_datetime}: {@code %Y-%m-%d %H:%M} in UTC, or any text
 * containing "none" in any case ({@code 'None'}, {@code NONE}), or empty: the caller picks the default window.
 */
public record DateTimeOrNone(Optional<LocalDateTime> value) implements ConfigValue {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @JsonCreator
    public static DateTimeOrNone parse(String text) {
        if (text == null || text.isBlank() || text.toLowerCase(java.util.Locale.ROOT).contains("none")) {
            return new DateTimeOrNone(Optional.empty());
        }
        try {
            return new DateTimeOrNone(Optional.of(LocalDateTime.parse(text.trim(), FORMAT)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a date and time as 'YYYY-MM-DD HH:MM' or 'none', found '" + text + "'");
        }
    }
}
