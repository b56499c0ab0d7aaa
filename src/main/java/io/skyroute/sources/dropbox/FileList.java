package io.skyroute.sources.dropbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A release's file list as text, one file per line: {@code path size content_hash [md5]}, blank
 * columns written as {@code -}; {@code #} starts a comment. {@code --get-available-files} writes it,
 * {@code --available-files} reads it (and so do release lists published with MD5s).
 */
public final class FileList {

    private FileList() {
    }

    public static void write(Writer out, List<ReleaseFile> files) throws IOException {
        out.write("# path size content_hash md5\n");
        for (ReleaseFile f : files) {
            out.write(f.path() + " " + f.size() + " " + dash(f.contentHash()) + " " + dash(f.md5()) + "\n");
        }
    }

    public static List<ReleaseFile> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the file list " + file, e);
        }
        List<ReleaseFile> files = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (!parts[0].startsWith("/")) {
                throw new IllegalArgumentException(file.getFileName() + ": line " + (i + 1) + ": expected a path starting with /, found '" + parts[0] + "'");
            }
            long size;
            try {
                size = parts.length > 1 && !parts[1].equals("-") ? Long.parseLong(parts[1]) : -1;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file.getFileName() + ": line " + (i + 1) + ": size: expected a number, found '" + parts[1] + "'");
            }
            files.add(new ReleaseFile(parts[0], size, value(parts, 2), value(parts, 3)));
        }
        return files;
    }

    private static String value(String[] parts, int index) {
        return parts.length > index && !parts[index].equals("-") ? parts[index].toLowerCase(java.util.Locale.ROOT) : null;
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }
}
