package io.skyroute.reduction;

import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.MeasurementTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored per-frame tables ({@code photometry/<frame>.csv}) a reduction reuses, kept parsed in memory
 * between runs so that adding one frame to a dataset of thousands costs one table, not thousands: an entry is
 * used only while its file has the size and modification time it was read with (a table rewritten by
 * --update-phot or by hand is read again), and the least recently used go once more than
 * {@code capacity} measurements are held. Where the folder is watched ({@link TableWatch}), an entry read since the
 * watch began is used without that check until a change notice names its file. Thread-safe: the daemon reduces
 * datasets in parallel.
 */
final class StoredTables implements AutoCloseable {

    /** {@code vouched}: read while its folder was watched, and no notice has named its file since. */
    private record Entry(long size, long modified, boolean vouched, FrameMeasurements measurements) {

        Entry vouched(boolean watching) {
            return watching == vouched ? this : new Entry(size, modified, watching, measurements);
        }
    }

    private final long capacity;
    private final TableWatch watch;
    private final Map<Path, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long held;

    /** Without a watch: each table checked by size and time. @param capacity measurements (rows) kept at most; 0 keeps none */
    StoredTables(long capacity) {
        this(capacity, false);
    }

    /** @param watch whether folders on local file systems are watched instead of each table checked (reduction.watch_stored_tables) */
    StoredTables(long capacity, boolean watch) {
        this.capacity = capacity;
        this.watch = new TableWatch(watch && capacity > 0);
    }

    /** Measurements (rows) kept at most. */
    long capacity() {
        return capacity;
    }

    /** The tables (all in {@code folder}), in order, leaving out empty ones. */
    List<FrameMeasurements> readAll(Path folder, List<Path> tables) throws IOException {
        return readAll(folder, tables, watch.look(folder));
    }

    /** As {@link #readAll(Path, List)}, with the folder's look taken by the caller from {@link #watch()}. */
    List<FrameMeasurements> readAll(Path folder, List<Path> tables, TableWatch.Look look) throws IOException {
        distrust(folder.toAbsolutePath(), look);
        List<FrameMeasurements> read = new ArrayList<>(tables.size());
        for (Path table : tables) {
            FrameMeasurements measurements = read(table, look.watching());
            if (measurements != null) {
                read.add(measurements);
            }
        }
        return read;
    }

    /** The table's measurements, or null for an empty table. */
    FrameMeasurements read(Path table) throws IOException {
        return read(table, false);
    }

    private FrameMeasurements read(Path table, boolean watching) throws IOException {
        Path key = table.toAbsolutePath();
        Entry known;
        synchronized (this) {
            known = entries.get(key);
        }
        if (known != null && known.vouched) {
            return known.measurements;
        }
        BasicFileAttributes attributes = Files.readAttributes(table, BasicFileAttributes.class);
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        if (known != null && known.size == size && known.modified == modified) {
            remember(key, known.vouched(watching));
            return known.measurements;
        }
        FrameMeasurements measurements = MeasurementTable.read(table);
        remember(key, new Entry(size, modified, watching, measurements));
        return measurements;
    }

    /**
     * A table the look names changed: it is read again (its size and time may not show the change). After an
     * incomplete look every entry of the folder is checked by size and time again, as without a watch.
     */
    private synchronized void distrust(Path folder, TableWatch.Look look) {
        if (look.complete()) {
            for (String name : look.changed()) {
                Entry changed = entries.remove(folder.resolve(name));
                held -= changed == null ? 0 : rows(changed);
            }
        } else {
            entries.replaceAll((path, entry) -> folder.equals(path.getParent()) ? entry.vouched(false) : entry);
        }
    }

    /** The watch on the tables' folders, for a caller that looks at other folders in the same look. */
    TableWatch watch() {
        return watch;
    }

    synchronized long held() {
        return held;
    }

    private synchronized void remember(Path key, Entry entry) {
        if (capacity <= 0 || entry.measurements == null) {
            return;
        }
        Entry previous = entries.put(key, entry);
        held += rows(entry) - (previous == null ? 0 : rows(previous));
        var oldest = entries.entrySet().iterator();
        while (held > capacity && oldest.hasNext()) {
            held -= rows(oldest.next().getValue());
            oldest.remove();
        }
    }

    private static long rows(Entry entry) {
        return entry.measurements == null ? 0 : entry.measurements.measurements().size();
    }

    @Override
    public void close() throws IOException {
        watch.close();
    }
}
