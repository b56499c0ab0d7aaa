package io.skyroute.reduction;

import io.skyroute.pipeline.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline's repeated listing gives what {@link Dataset#frames()} gives, run after run, as frames come and go. */
class FrameListingTest {

    @TempDir
    Path dataset;

    @Test
    void listsWhatTheDatasetHoldsRunAfterRun() throws Exception {
        FrameListing listing = new FrameListing();
        Files.writeString(dataset.resolve("b-0002.fits.fz"), "x");
        Files.writeString(dataset.resolve("a-0001.fits"), "x");
        Files.writeString(dataset.resolve(".a-0003.fits.fz.tmp"), "x"); // being written
        Files.writeString(dataset.resolve("reduction_config.yaml"), "x");
        Files.createDirectories(dataset.resolve("c-0004.fits"));          // a folder with a frame's name
        Files.createSymbolicLink(dataset.resolve("d-0005.fits"), dataset.resolve("gone.fits")); // dangling

        assertThat(listing.frames(dataset)).containsExactly(dataset.resolve("a-0001.fits"), dataset.resolve("b-0002.fits.fz"))
                .isEqualTo(Dataset.of(dataset).frames());

        Files.writeString(dataset.resolve("a-0000.fts"), "x");
        Files.delete(dataset.resolve("b-0002.fits.fz"));
        Files.writeString(dataset.resolve("d-0005.fits.target"), "x");
        Files.delete(dataset.resolve("d-0005.fits"));
        Files.createSymbolicLink(dataset.resolve("d-0005.fits"), dataset.resolve("d-0005.fits.target"));

        assertThat(listing.frames(dataset)).containsExactly(dataset.resolve("a-0000.fts"), dataset.resolve("a-0001.fits"),
                dataset.resolve("d-0005.fits")).isEqualTo(Dataset.of(dataset).frames());
    }

    @Test
    void framesComeInTheOrderOfTheirPathsWhateverTheirNames() throws Exception {
        // case, digits, punctuation and names that are prefixes of others: ASCII names compared as text
        for (String name : java.util.List.of("B.fits", "a.fits", "a.fits.fz", "a-1.fits", "a_1.fits", "A~.fits", "10.fits", "9.fits",
                "a.fit", "Z.fts")) {
            Files.writeString(dataset.resolve(name), "x");
        }
        assertThat(new FrameListing().frames(dataset)).isEqualTo(Dataset.of(dataset).frames()).hasSize(10)
                .isSortedAccordingTo(java.util.Comparator.naturalOrder());
    }

    @Test
    void namesBeyondAsciiComeInTheOrderOfTheirPathsToo() throws Exception {
        // text order and byte order differ here (a surrogate pair sorts before U+FF21 as text, after it as UTF-8)
        org.junit.jupiter.api.Assumptions.assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
                "file names are UTF-8 in this JVM (LANG=C.UTF-8, as on the build machines)");
        Files.writeString(dataset.resolve("a.fits"), "x");
        for (String name : java.util.List.of("é.fits", "\uFF21.fits", "\uD83D\uDE00.fits", "z.fits")) {
            Files.writeString(dataset.resolve(name), "x");
        }
        assertThat(new FrameListing().frames(dataset)).isEqualTo(Dataset.of(dataset).frames()).hasSize(5)
                .isSortedAccordingTo(java.util.Comparator.naturalOrder());
    }

    @Test
    void aWatchedFolderIsBroughtUpToDateFromItsNoticesAsListingItWould() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && TableWatch.watchable(Files.getFileStore(dataset).type()), "Linux, the temporary folder on a local file system");
        FrameListing listing = new FrameListing();
        Path tables = Files.createDirectories(dataset.resolve("photometry"));
        StoredTableNames tableNames = new StoredTableNames();
        try (TableWatch watch = new TableWatch(true)) {
            Files.writeString(dataset.resolve("b-0002.fits.fz"), "x");
            Files.writeString(dataset.resolve("a-0001.fits"), "x");
            Files.writeString(tables.resolve("a-0001.csv"), "x");
            List<TableWatch.Look> first = watch.look(List.of(dataset, tables));
            assertThat(first).allSatisfy(look -> assertThat(look.watching()).isTrue()).noneMatch(TableWatch.Look::complete);
            List<FrameListing.Named> listed = listing.named(dataset, first.get(0));
            assertThat(FrameListing.paths(listed)).isEqualTo(Dataset.of(dataset).frames()).hasSize(2);
            assertThat(tableNames.of(tables, first.get(1))).containsExactly("a-0001.csv");

            // nothing changed: the last listing as it was, not listed again
            List<TableWatch.Look> quiet = watch.look(List.of(dataset, tables));
            assertThat(quiet).allMatch(TableWatch.Look::complete);
            assertThat(listing.named(dataset, quiet.get(0))).isSameAs(listed);

            Files.createSymbolicLink(dataset.resolve("d-0005.fits"), dataset.resolve("later.fits.target")); // dangling for now
            assertThat(FrameListing.paths(listing.named(dataset, watch.look(List.of(dataset, tables)).get(0))))
                    .isEqualTo(Dataset.of(dataset).frames()).hasSize(2);

            // frames and tables come and go; the dangling link's target appears (a notice names the target, not the link)
            Files.writeString(dataset.resolve("a-0000.fts"), "x");
            Files.delete(dataset.resolve("b-0002.fits.fz"));
            Files.writeString(dataset.resolve("later.fits.target"), "x");
            Files.writeString(dataset.resolve("notes.txt"), "x");
            Files.writeString(tables.resolve("a-0000.csv"), "x");
            Files.delete(tables.resolve("a-0001.csv"));
            Files.writeString(tables.resolve("dataset_table.index"), "x");
            List<TableWatch.Look> next = watch.look(List.of(dataset, tables));
            assertThat(next).allMatch(TableWatch.Look::complete);
            assertThat(next.get(0).changed()).contains("a-0000.fts", "b-0002.fits.fz").doesNotContain("d-0005.fits");
            List<FrameListing.Named> updated = listing.named(dataset, next.get(0));
            assertThat(FrameListing.paths(updated)).isEqualTo(Dataset.of(dataset).frames())
                    .containsExactly(dataset.resolve("a-0000.fts"), dataset.resolve("a-0001.fits"), dataset.resolve("d-0005.fits"));
            assertThat(tableNames.of(tables, next.get(1))).containsExactly("a-0000.csv");
            assertThat(updated).extracting(FrameListing.Named::tablePath)
                    .containsExactly(tables.resolve("a-0000.csv"), tables.resolve("a-0001.csv"), tables.resolve("d-0005.csv"));
        }
    }

    @Test
    void aMissingFolderHasNoFrames() throws Exception {
        assertThat(new FrameListing().frames(dataset.resolve("not-there"))).isEmpty();
    }
}
