package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The sorting rules ({@code routes/sorting.rules.yaml}): checked in order, the first rule whose
 * {@code when} (a Camel simple predicate over the frame's header, e.g. {@code ${header.FITS_WCSERR} != 0})
 * holds decides what happens to the frame. A frame no rule matches is placed by the dataset layout.
 */
public record SortingRulesConfig(@JsonProperty(required = true) List<Rule> rules) {

    public enum Action { PLACE, QUARANTINE, DROP }

    public record Rule(
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) String when,
            @JsonProperty(required = true) Action action,
            String reason,
            String layout) {
    }
}
