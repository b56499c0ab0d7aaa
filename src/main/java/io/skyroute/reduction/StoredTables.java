package io.skyroute.reduction;

import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.MeasurementTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored per-frame tables ({@code photometry/<frame>.csv}) a reduction reuses, kept parsed in memory
 * between runs so that adding one frame to a dataset of thousands costs one table, not thousands: an entry is
 * used only while its file has the size and modification time it was read with (a table rewritten by
 * --update-phot or by hand is read again), and the least recently used go once more than
 * {@code capacity} measurements are held. Thread-safe: the daemon reduces datasets in parallel.
 */
final class StoredTables {

    private record Entry(long size, long modified, FrameMeasurements measurements) {
    }

    private final long capacity;
    private final Map<Path, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long held;

    /** @param capacity measurements (rows) kept at most; 0 keeps none */
    StoredTables(long capacity) {
        this.capacity = capacity;
    }

    /** The table's measurements, or null for an empty table. */
    FrameMeasurements read(Path table) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(table, BasicFileAttributes.class);
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        Path key = table.toAbsolutePath();
        synchronized (this) {
            Entry entry = entries.get(key);
            if (entry != null && entry.size == size && entry.modified == modified) {
                return entry.measurements;
            }
        }
        FrameMeasurements measurements = MeasurementTable.read(table);
        remember(key, new Entry(size, modified, measurements));
        return measurements;
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
}
