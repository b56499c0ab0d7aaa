package io.skyroute.pipeline;

/**
 * Turns header text into one safe directory name: characters outside {@code [A-Za-z0-9+._-]} become
 * {@code _} (so {@code PDS 110} is {@code PDS_110}); a name that would be empty, only dots, or only
 * underscores is refused, so no header can climb out of the reduction directory or name it. A name longer
 * than {@value #MAX_LENGTH} characters (file systems allow 255 bytes) is cut and given a hash of the whole
 * text, so two long names that differ only at the end stay apart.
 */
public final class SafeNames {

    public static final int MAX_LENGTH = 100;

    private SafeNames() {
    }

    /**
     * A file name a user dropped, made safe to keep: every character outside {@code [A-Za-z0-9+._-]} (spaces, tabs, line
     * breaks, other control characters, quotes, '=' ...) becomes {@code _} and leading dots go, so the name can break no
     * row, path or log line; an extension such as {@code .fits.fz} is kept. Empty when nothing usable is left.
     */
    public static java.util.Optional<String> ofFile(String name) {
        if (name == null) {
            return java.util.Optional.empty();
        }
        String safe = name.replaceAll("[^A-Za-z0-9+._-]", "_").replaceFirst("^\\.+", "");
        if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.' || c == '_')) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(safe.length() > 200 ? of(name).orElseThrow() : safe);
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
        if (safe.length() > MAX_LENGTH) {
            String hash = java.util.HexFormat.of().formatHex(io.skyroute.pipeline.Checksums.newDigest("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .substring(0, 12);
            safe = safe.substring(0, MAX_LENGTH - 13) + "-" + hash;
        }
        return java.util.Optional.of(safe);
    }
}
