package io.skyroute.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a target is on the sky, by name: the user's targets file, the team's TOM, ... A frame's own
 * RA/DEC cards are where the telescope pointed, which for an offset field is not the target, so sorting
 * asks these first when it makes a new dataset.
 */
public interface TargetPositions {

    /** A target's coordinates as the observer writes them (degrees or sexagesimal) and where they came from. */
    record TargetPosition(String ra, String dec, String source) {
    }

    Optional<TargetPosition> find(String name);

    /** Each in turn; the first that knows the target answers. */
    static TargetPositions firstOf(List<TargetPositions> sources) {
        return name -> sources.stream().map(s -> s.find(name)).flatMap(Optional::stream).findFirst();
    }

    /** Names compare without case, spaces, underscores or punctuation: "PDS 110" is "PDS_110". */
    static String normalise(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9+-]", "");
    }
}
