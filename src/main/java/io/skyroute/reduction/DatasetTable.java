package io.skyroute.reduction;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code photometry.csv}: every stored per-frame table's rows under one header, grouped by frame. It grows by
 * appending the new frames' rows (their tables' bytes, nothing parsed or formatted again), so adding a frame to
 * a dataset of thousands costs that frame's rows, not a rewrite of the whole table. {@code photometry/dataset_table.index}
 * lists the tables in it, each with the table's length after it; a crash between the two appends, a frame
 * measured again, a table gone, or a length that disagrees makes the next run write the whole table afresh
 * (atomically, frames in time order).
 */
final class DatasetTable {

    static final String FILE = "photometry.csv";
    static final String INDEX = "dataset_table.index";

    private DatasetTable() {
    }

    /**
     * Brings the table up to date.
     *
     * @param tables   the file names of the dataset's measured frames' tables (in {@code tablesDir}), in time order
     * @param measured the tables written by this run
     * @param rewrite  write it afresh whatever the index says (every frame was measured again)
     * @param indexes  what the pipeline kept of the index from its last read (only the bytes that differ are parsed)
     */
    static Path update(Path dataset, Path tablesDir, List<String> tables, Set<Path> measured, boolean rewrite, DatasetTableIndex indexes)
            throws IOException {
        Path file = dataset.resolve(FILE);
        Path index = tablesDir.resolve(INDEX);
        Map<String, Long> indexed = rewrite ? null : indexes.read(index);
        if (indexed != null && appendable(file, indexed, tables, measured)) {
            List<Path> missing = tables.stream().filter(t -> !indexed.containsKey(t)).map(tablesDir::resolve).toList();
            if (!missing.isEmpty()) {
                append(file, index, missing);
            }
            return file;
        }
        indexes.forget(index);
        return writeAfresh(file, index, tables.stream().map(tablesDir::resolve).toList());
    }

    private static boolean appendable(Path file, Map<String, Long> indexed, List<String> tables, Set<Path> measured) throws IOException {
        if (indexed.isEmpty() || !Files.isRegularFile(file)) {
            return false;
        }
        long expected = 0;
        for (long length : indexed.values()) {
            expected = length;
        }
        if (Files.size(file) != expected) {
            return false;
        }
        if (!new HashSet<>(tables).containsAll(indexed.keySet())) {
            return false;
        }
        for (Path table : measured) {
            if (indexed.containsKey(table.getFileName().toString())) {
                return false;
            }
        }
        return true;
    }

    private static void append(Path file, Path index, List<Path> tables) throws IOException {
        List<String> lines = new ArrayList<>();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (Path table : tables) {
                out.write(ByteBuffer.wrap(rows(table)));
                lines.add(table.getFileName() + "\t" + out.size());
            }
            out.force(true);
        }
        try (FileChannel out = FileChannel.open(index, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            out.write(ByteBuffer.wrap(String.join("", lines.stream().map(l -> l + "\n").toList()).getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
    }

    private static Path writeAfresh(Path file, Path index, List<Path> tables) throws IOException {
        List<String> lines = new ArrayList<>();
        Products.binary(file, out -> {
            CountingStream counted = new CountingStream(out);
            boolean header = true;
            for (Path table : tables) {
                byte[] bytes = Files.readAllBytes(table);
                int start = header ? 0 : afterFirstLine(bytes);
                counted.write(bytes, start, bytes.length - start);
                header = false;
                lines.add(table.getFileName() + "\t" + counted.count);
            }
            if (header) {
                counted.write(String.join(",", io.skyroute.photometry.aperture.MeasurementTable.COLUMNS).concat("\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        Products.text(index, out -> {
            for (String line : lines) {
                out.write(line + "\n");
            }
        });
        return file;
    }

    /** A table's rows: its bytes after the header line. */
    private static byte[] rows(Path table) throws IOException {
        byte[] bytes = Files.readAllBytes(table);
        int start = afterFirstLine(bytes);
        return java.util.Arrays.copyOfRange(bytes, start, bytes.length);
    }

    private static int afterFirstLine(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return bytes.length;
    }

    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        private long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
