package io.skyroute.ops;

import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.util.Set;

/**
 * Which file-system errors no retry can cure: a name too long or not a valid path, a folder where a file
 * should be. Retrying those only holds up the files behind them.
 */
public final class FileErrors {

    private static final Set<String> PERMANENT_REASONS = Set.of("File name too long", "Not a directory", "Is a directory",
            "Too many levels of symbolic links", "Invalid argument");

    private FileErrors() {
    }

    public static boolean isPermanent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidPathException) {
                return true;
            }
            if (t instanceof FileSystemException fs && fs.getReason() != null && PERMANENT_REASONS.contains(fs.getReason())) {
                return true;
            }
        }
        return false;
    }
}
