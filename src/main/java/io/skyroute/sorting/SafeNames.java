package io.skyroute.sorting;

/**
 * Turns header text into one safe directory name: characters outside {@code [A-Za-z0-9+._-]} become
 * {@code _} (so {@code PDS 110} is {@code PDS_110}); a name that would be empty, only dots, or only
 * underscores is refused, so no header can climb out of the reduction directory or name it.
 */
public final class SafeNames {

    private SafeNames() {
    }

    /** The safe name, or empty when nothing usable is left. */
    public static java.util.Optional<String> of(String text) {
        if (text == null) {
            return java.util.Optional.empty();
        }
        String safe = text.trim().replaceAll("[^A-Za-z0-9+._-]", "_");
        if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.' || c == '_')) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(safe);
    }
}
