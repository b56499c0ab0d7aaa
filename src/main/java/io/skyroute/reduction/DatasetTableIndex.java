package io.skyroute.reduction;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code photometry/dataset_table.index} (a table's name, a tab, photometry.csv's length after its rows; one
 * line each) into its entries in order, or null when a line is not of that form. A long-lived pipeline keeps what it
 * read last (the bytes and their entries), so that a run parses only the lines that differ: usually the one or two
 * the last run appended (2,000 lines parsed on every run were ~1 ms at 2,000 frames). The file is read every time and
 * compared byte for byte, so the entries are always those of the bytes on disk; a file that grew from the bytes kept
 * is parsed from where they end, one cut back at a line boundary drops the lines cut, anything else is parsed whole.
 * Not thread-safe per file: one run of a dataset at a time reads its index (the dataset's lock).
 */
final class DatasetTableIndex {

    /** What was read last from one index file: its bytes and their entries (null: a line was not name-tab-length). */
    private static final class Known {
        byte[] bytes;
        Map<String, Long> entries;
        /** Each line's name and the offset after its end; kept only while lines can be taken back exactly. */
        List<String> names;
        List<Integer> ends;
    }

    private final Map<Path, Known> known = new LinkedHashMap<>(16, 0.75f, true);
    private final long maxLines;

    /** @param maxLines the most lines remembered over all index files (the least recently read go); 0 remembers none */
    DatasetTableIndex(long maxLines) {
        this.maxLines = maxLines;
    }

    /** The index's entries in order, or null when there is none or a line is not of the form. */
    Map<String, Long> read(Path index) throws IOException {
        if (!Files.isRegularFile(index)) {
            forget(index);
            return null;
        }
        byte[] bytes = Files.readAllBytes(index);
        Known last;
        synchronized (this) {
            last = known.get(index);
        }
        Known now = last == null ? parse(bytes) : bringUpToDate(last, bytes);
        if (maxLines > 0) {
            synchronized (this) {
                known.put(index, now);
                long lines = 0;
                for (Known file : known.values()) {
                    lines += file.bytes.length == 0 ? 0 : (file.entries == null ? 1 : file.entries.size());
                }
                for (var it = known.values().iterator(); it.hasNext() && lines > maxLines; ) {
                    Known file = it.next();
                    lines -= file.bytes.length == 0 ? 0 : (file.entries == null ? 1 : file.entries.size());
                    it.remove();
                }
            }
        }
        return now.entries;
    }

    /** Index files whose bytes and entries are kept. */
    synchronized int filesKept() {
        return known.size();
    }

    /** Drops what is kept of the file (written afresh, or gone). */
    synchronized void forget(Path index) {
        known.remove(index);
    }

    private static Known bringUpToDate(Known last, byte[] bytes) throws IOException {
        int kept = last.bytes.length;
        if (bytes.length == kept && Arrays.equals(bytes, last.bytes)) {
            return last;
        }
        boolean lineBoundary = kept == 0 || last.bytes[kept - 1] == '\n';
        if (bytes.length > kept && last.entries != null && last.names != null && lineBoundary
                && Arrays.equals(bytes, 0, kept, last.bytes, 0, kept)) {
            // grew: only the new lines parsed
            if (!add(last, bytes, kept)) {
                return parse(bytes);
            }
            last.bytes = bytes;
            return last;
        }
        if (bytes.length < kept && last.entries != null && last.names != null
                && (bytes.length == 0 || bytes[bytes.length - 1] == '\n') && Arrays.equals(bytes, 0, bytes.length, last.bytes, 0, bytes.length)) {
            // cut back after a '\n', which ends one of the lines kept (they break at '\n' only): the lines after it go
            int lines = last.ends.size();
            while (lines > 0 && last.ends.get(lines - 1) > bytes.length) {
                lines--;
                last.entries.remove(last.names.remove(lines));
                last.ends.remove(lines);
            }
            last.bytes = bytes;
            return last;
        }
        return parse(bytes);
    }

    private static Known parse(byte[] bytes) throws IOException {
        Known result = new Known();
        result.bytes = bytes;
        result.entries = new LinkedHashMap<>();
        result.names = new ArrayList<>();
        result.ends = new ArrayList<>();
        if (!add(result, bytes, 0)) {
            // a line that is not of the form, or a line break other than '\n': the whole file read as lines, as before
            result.names = null;
            result.ends = null;
            result.entries = parseLines(bytes);
        }
        return result;
    }

    /**
     * Adds the lines from {@code from} (a line's start) to the entries, each with the offset after it; false, with the
     * entries left as they were in part, when one is not name-tab-length, repeats a name or breaks with anything but '\n'.
     */
    private static boolean add(Known into, byte[] bytes, int from) throws IOException {
        int start = from;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                if (bytes[end] == '\r') {
                    return false;
                }
                end++;
            }
            String line = decode(bytes, start, end);
            int tab = line.lastIndexOf('\t');
            if (tab <= 0) {
                return false;
            }
            long length;
            try {
                length = Long.parseLong(line.substring(tab + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            String name = line.substring(0, tab);
            if (into.entries.put(name, length) != null) {
                return false;
            }
            int after = end < bytes.length ? end + 1 : end;
            into.names.add(name);
            into.ends.add(after);
            start = after;
        }
        return true;
    }

    /** The file as {@code Files.readAllLines} reads it (any line break), null when a line is not name-tab-length. */
    private static Map<String, Long> parseLines(byte[] bytes) throws IOException {
        Map<String, Long> entries = new LinkedHashMap<>();
        for (String line : decode(bytes, 0, bytes.length).lines().toList()) {
            int tab = line.lastIndexOf('\t');
            if (tab <= 0) {
                return null;
            }
            try {
                entries.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return entries;
    }

    /** UTF-8, strictly: a malformed byte is an error, as {@code Files.readAllLines} makes it. */
    private static String decode(byte[] bytes, int from, int to) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
    }
}
