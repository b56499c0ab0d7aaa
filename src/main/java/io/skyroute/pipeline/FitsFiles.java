package io.skyroute.pipeline;

import java.nio.file.Path;
import java.util.Locale;

/** Which files are FITS frames, by name: {@code .fits}, {@code .fit}, {@code .fts}, compressed {@code .fz}; never hidden ones. */
public final class FitsFiles {

    private FitsFiles() {
    }

    public static boolean isFits(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith(".")) {
            return false; // temporary names while a file is written
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".fits") || lower.endsWith(".fit") || lower.endsWith(".fts") || lower.endsWith(".fz");
    }
}
