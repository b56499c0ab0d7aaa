package io.skyroute.reduction;

import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.MeasurementTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored tables' folders watched instead of each table checked: a change the size-and-time check cannot see
 * (same size, time put back) is still seen, and whatever breaks the chain of notices (the first look, a lost notice,
 * a folder replaced, a closed watch) makes a look incomplete, so that the tables are checked one by one again.
 * On Linux only (inotify); the temporary folders here are on a local file system.
 */
@EnabledOnOs(OS.LINUX)
class TableWatchTest {

    /** A stored table of one measurement with the given flux (a fixed number of characters for a fixed flux width). */
    private static Path table(Path folder, String name, String flux) throws Exception {
        String row = String.join(",", name + ".fits", "PDS_110", "10.5", "20.5", flux, "50.0", "100.0", "59000.5", "rp", "0",
                "-7.5", "0.01", "1500.0", "78.5", "4.0", "400", "0", "60.0", "2000.0", "65000.0", "3.1");
        return Files.writeString(folder.resolve(name + ".csv"), String.join(",", MeasurementTable.COLUMNS) + "\n" + row + "\n");
    }

    /** Rewrites the table with another flux of the same width and puts its modification time back. */
    private static void rewriteUnseenByStat(Path table, String flux) throws Exception {
        FileTime time = Files.getLastModifiedTime(table);
        long size = Files.size(table);
        table(table.getParent(), table.getFileName().toString().replace(".csv", ""), flux);
        Files.setLastModifiedTime(table, time);
        assertThat(Files.size(table)).isEqualTo(size);
    }

    /** The watch needs a local file system under the test's temporary folder (as on the build machines: ext4). */
    private static void assumeWatchable(Path folder) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TableWatch.watchable(Files.getFileStore(folder).type()),
                "the temporary folder is on a local file system");
    }

    private static double flux(FrameMeasurements measurements) {
        return measurements.measurements().get(0).flux();
    }

    @Test
    void aChangeTheSizeAndTimeCheckMissesIsSeenThroughTheWatch(@TempDir Path folder) throws Exception {
        assumeWatchable(folder);
        Path a = table(folder, "a", "1111.0");
        Path b = table(folder, "b", "2222.0");
        try (StoredTables watched = new StoredTables(10_000, true); StoredTables checked = new StoredTables(10_000, false)) {
            List<FrameMeasurements> first = watched.readAll(folder, List.of(a, b));
            checked.readAll(folder, List.of(a, b));
            assertThat(first).extracting(TableWatchTest::flux).containsExactly(1111.0, 2222.0);
            List<FrameMeasurements> again = watched.readAll(folder, List.of(a, b));
            assertThat(again.get(0)).as("kept while nothing changed").isSameAs(first.get(0));
            assertThat(again.get(1)).isSameAs(first.get(1));

            rewriteUnseenByStat(a, "3333.0");
            List<FrameMeasurements> after = watched.readAll(folder, List.of(a, b));
            assertThat(after).extracting(TableWatchTest::flux).containsExactly(3333.0, 2222.0);
            assertThat(after.get(1)).as("the unchanged table is not read again").isSameAs(first.get(1));
            assertThat(checked.readAll(folder, List.of(a, b))).as("what the size-and-time check alone gives")
                    .extracting(TableWatchTest::flux).containsExactly(1111.0, 2222.0);

            // a change made while the table was not being read is still seen when it is read next
            rewriteUnseenByStat(b, "4444.0");
            watched.readAll(folder, List.of(a));
            assertThat(watched.readAll(folder, List.of(a, b))).extracting(TableWatchTest::flux).containsExactly(3333.0, 4444.0);
        }
    }

    @Test
    void aLookNamesTheFilesChangedSinceTheLastOne(@TempDir Path folder) throws Exception {
        assumeWatchable(folder);
        Path a = table(folder, "a", "1111.0");
        try (TableWatch watch = new TableWatch(true)) {
            TableWatch.Look first = watch.look(folder);
            assertThat(first.watching()).isTrue();
            assertThat(first.complete()).as("nothing read before the watch began can be vouched for").isFalse();

            assertThat(watch.look(folder)).isEqualTo(new TableWatch.Look(true, true, java.util.Set.of()));
            Files.writeString(a, "changed");
            table(folder, "b", "2.0");
            assertThat(watch.look(folder)).isEqualTo(new TableWatch.Look(true, true, java.util.Set.of("a.csv", "b.csv")));
            Files.delete(a);
            assertThat(watch.look(folder).changed()).containsExactly("a.csv");
            try (var left = Files.list(folder)) {
                assertThat(left.map(p -> p.getFileName().toString())).as("no cookie left behind").containsExactly("b.csv");
            }
        }
    }

    @Test
    void lostNoticesAReplacedFolderAndAClosedWatchMakeALookIncomplete(@TempDir Path root) throws Exception {
        assumeWatchable(root);
        Path folder = Files.createDirectories(root.resolve("photometry"));
        TableWatch watch = new TableWatch(true);
        watch.look(folder);
        assertThat(watch.look(folder).complete()).isTrue();

        // more changes than the watch keeps between two looks: some were lost
        for (int i = 0; i < 600; i++) {
            Files.writeString(folder.resolve("t" + i + ".csv"), "x");
        }
        TableWatch.Look overflowed = watch.look(folder);
        assertThat(overflowed.watching()).isTrue();
        assertThat(overflowed.complete()).isFalse();
        assertThat(watch.look(folder).complete()).as("complete again from the next look on").isTrue();

        // the folder moved away and another put in its place: the notices said nothing about the new one
        Files.move(folder, root.resolve("old"));
        Files.createDirectories(folder);
        TableWatch.Look replaced = watch.look(folder);
        assertThat(replaced.complete()).isFalse();
        assertThat(replaced.watching()).as("the new folder is watched from now on").isTrue();
        assertThat(watch.look(folder).complete()).isTrue();

        watch.close();
        assertThat(watch.look(folder)).isEqualTo(TableWatch.Look.NONE);
    }

    @Test
    void anEntryReadWhileTheFolderWasNotWatchedIsCheckedAfterTheWatchBegins(@TempDir Path folder) throws Exception {
        assumeWatchable(folder);
        Path a = table(folder, "a", "1111.0");
        try (StoredTables stored = new StoredTables(10_000, true)) {
            stored.read(a); // read alone, outside any look
            rewriteUnseenByStat(a, "5555.0");
            // the first look cannot vouch for it: it is checked (size and time, which cannot see this change) and kept
            assertThat(stored.readAll(folder, List.of(a))).extracting(TableWatchTest::flux).containsExactly(1111.0);
            rewriteUnseenByStat(a, "6666.0");
            assertThat(stored.readAll(folder, List.of(a))).extracting(TableWatchTest::flux).containsExactly(6666.0);
        }
    }

    @Test
    void onlyLocalFileSystemsAreWatchedAndOffMeansOff(@TempDir Path folder) throws Exception {
        assertThat(TableWatch.watchable("ext4")).isTrue();
        assertThat(TableWatch.watchable("XFS")).isTrue();
        assertThat(TableWatch.watchable("tmpfs")).isTrue();
        assertThat(TableWatch.watchable("nfs4")).isFalse();
        assertThat(TableWatch.watchable("cifs")).isFalse();
        assertThat(TableWatch.watchable("fuse.sshfs")).isFalse();
        try (TableWatch off = new TableWatch(false)) {
            assertThat(off.look(folder)).isEqualTo(TableWatch.Look.NONE);
            assertThat(off.look(folder)).isEqualTo(TableWatch.Look.NONE);
        }
        try (StoredTables noCache = new StoredTables(0, true)) {
            assertThat(noCache.readAll(folder, List.of())).isEmpty();
        }
    }
}
