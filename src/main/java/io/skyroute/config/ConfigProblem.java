package io.skyroute.config;

import java.nio.file.Path;

/** One thing wrong with a configuration file: which file, which key (dotted path), what was expected. */
public record ConfigProblem(Path file, String key, String message) {

    @Override
    public String toString() {
        String where = key == null || key.isEmpty() ? "" : key + ": ";
        return file + ": " + where + message;
    }
}
