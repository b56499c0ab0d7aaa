package io.skyroute.reduction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ReductionConfig;
import io.skyroute.photometry.aperture.FrameMeasurements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding frames costs the new frames: photometry.csv grows by appending their rows (and is written afresh when
 * it cannot be trusted), stored tables are parsed once per pipeline, and the exposure the dashboard shows comes
 * from the tables, not from every frame's header.
 */
class IncrementalReductionTest {

    private static ReductionConfig config(Path dataset) {
        return new ConfigLoader(Map.of()).load(dataset.resolve(DatasetReducer.CONFIG_FILE), ConfigKind.REDUCTION, ReductionConfig.class);
    }

    /** photometry.csv as it would be written from scratch: every table in time order under one header. */
    private static String concatenation(Path dataset, AperturePipeline.Result result) throws Exception {
        StringBuilder all = new StringBuilder();
        boolean header = true;
        List<String> frames = result.lightcurve().stream().map(p -> p.frame()).toList();
        for (String frame : frames) {
            List<String> lines = Files.readAllLines(dataset.resolve(AperturePipeline.PHOTOMETRY_DIR).resolve(frame.replace(".fits.fz", ".csv")));
            for (String line : header ? lines : lines.subList(1, lines.size())) {
                all.append(line).append('\n');
            }
            header = false;
        }
        return all.toString();
    }

    @Test
    void theDatasetTableGrowsByTheNewFramesAndIsWrittenAfreshWhenItCannotBeTrusted(@TempDir Path root) throws Exception {
        Path dataset = SampleDatasets.dataset(root, "rp", "  aperture_arcsec: 6.96\n");
        List<Path> frames = AperturePipeline.frames(dataset);
        Path held = Files.createDirectories(root.resolve("held"));
        Path last = Files.move(frames.get(frames.size() - 1), held.resolve(frames.get(frames.size() - 1).getFileName()));
        AperturePipeline pipeline = new AperturePipeline("test");
        AperturePipeline.Result first = pipeline.reduce(dataset, config(dataset), "hash", false);
        Path table = dataset.resolve(DatasetTable.FILE);
        long before = Files.size(table);
        Object inode = Files.readAttributes(table, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        Files.move(last, dataset.resolve(last.getFileName()));
        AperturePipeline.Result second = pipeline.reduce(dataset, config(dataset), "hash", false);

        assertThat(second.measured()).isEqualTo(1);
        assertThat(second.reused()).isEqualTo(first.measured());
        assertThat(Files.readAttributes(table, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).as("appended in place, not rewritten")
                .isEqualTo(inode);
        assertThat(Files.size(table)).isGreaterThan(before);
        String appended = Files.readString(table);
        assertThat(appended.lines().filter(l -> l.startsWith("file,")).count()).as("one header").isEqualTo(1);
        assertThat(appended.lines().count()).isEqualTo(concatenation(dataset, second).lines().count());
        assertThat(appended.lines().sorted().toList()).isEqualTo(concatenation(dataset, second).lines().sorted().toList());

        // a crash between the table's append and the index's: the next run writes the table afresh, in time order
        try (FileChannel out = FileChannel.open(table, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            out.write(java.nio.ByteBuffer.wrap("half a row,".getBytes()));
        }
        pipeline.reduce(dataset, config(dataset), "hash", false);
        assertThat(Files.readString(table)).isEqualTo(concatenation(dataset, second));

        // every frame measured again (--update-phot): written afresh, the same rows
        AperturePipeline.Result again = pipeline.reduce(dataset, config(dataset), "hash", true);
        assertThat(again.measured()).isEqualTo(frames.size());
        assertThat(Files.readString(table)).isEqualTo(concatenation(dataset, again));

        // a frame removed from the dataset: its rows leave the table
        Files.delete(dataset.resolve(frames.get(0).getFileName()));
        AperturePipeline.Result fewer = pipeline.reduce(dataset, config(dataset), "hash", false);
        assertThat(Files.readString(table)).isEqualTo(concatenation(dataset, fewer)).doesNotContain(frames.get(0).getFileName().toString());
    }

    /** The lightcurve products (both tables and the provenance as text, the plot as its SHA-256), by file name. */
    private static Map<String, String> products(AperturePipeline.Result result) throws Exception {
        Map<String, String> contents = new java.util.TreeMap<>();
        for (Path product : result.products()) {
            String name = product.getFileName().toString();
            contents.put(name, name.endsWith(".png") ? io.skyroute.pipeline.Checksums.sha256(product) : Files.readString(product));
        }
        return contents;
    }

    @Test
    void aPipelineThatKeepsItsRunningTallyWritesTheProductsAFreshOneWrites(@TempDir Path root) throws Exception {
        Path dataset = SampleDatasets.dataset(root, "rp", "  aperture_arcsec: 6.96\n");
        List<Path> frames = AperturePipeline.frames(dataset);
        Path held = Files.createDirectories(root.resolve("held"));
        List<Path> later = new ArrayList<>();
        for (Path frame : frames.subList(frames.size() - 2, frames.size())) {
            later.add(Files.move(frame, held.resolve(frame.getFileName())));
        }
        AperturePipeline daemons = new AperturePipeline("test");
        daemons.reduce(dataset, config(dataset), "hash", false); // seen once: no tally yet
        assertThat(daemons.tallies().held()).isZero();
        daemons.reduce(dataset, config(dataset), "hash", false); // the tally built
        assertThat(daemons.tallies().held()).isPositive();

        for (Runnable change : List.<Runnable>of(
                () -> move(later.get(0), dataset),   // a frame lands
                () -> move(later.get(1), dataset),   // another
                () -> delete(dataset.resolve(frames.get(0).getFileName())))) { // one is deleted
            change.run();
            AperturePipeline.Result kept = daemons.reduce(dataset, config(dataset), "hash", false);
            Map<String, String> fromTally = products(kept);
            AperturePipeline.Result fresh = new AperturePipeline("test").reduce(dataset, config(dataset), "hash", false);
            assertThat(fresh.frames()).isEqualTo(kept.frames());
            Map<String, String> fromScratch = products(fresh);
            assertThat(fromTally.keySet()).isEqualTo(fromScratch.keySet()).hasSize(4);
            fromScratch.forEach((name, content) -> assertThat(fromTally.get(name)).as(name).isEqualTo(content));
            long rows = 0;
            for (var point : kept.lightcurve()) {
                rows += Files.readAllLines(dataset.resolve(AperturePipeline.PHOTOMETRY_DIR).resolve(point.frame().replace(".fits.fz", ".csv"))).size() - 1;
            }
            assertThat(daemons.tallies().held()).as("every frame's measurements counted, the deleted one's gone").isEqualTo(rows);
        }
    }

    private static void move(Path file, Path folder) {
        try {
            Files.move(file, folder.resolve(file.getFileName()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void storedTablesAreParsedOnceAndAgainOnlyWhenTheyChange(@TempDir Path root) throws Exception {
        Path dataset = SampleDatasets.dataset(root, "rp", "  aperture_arcsec: 6.96\n");
        new AperturePipeline("test").reduce(dataset, config(dataset), "hash", false);
        List<Path> tables;
        try (Stream<Path> files = Files.list(dataset.resolve(AperturePipeline.PHOTOMETRY_DIR))) {
            tables = files.filter(f -> f.getFileName().toString().endsWith("-e91.csv")).sorted().toList();
        }
        StoredTables stored = new StoredTables(10_000);
        FrameMeasurements once = stored.read(tables.get(0));
        assertThat(stored.read(tables.get(0))).as("kept").isSameAs(once);
        assertThat(stored.held()).isEqualTo(once.measurements().size());

        // the table rewritten (another size and time): read again
        List<String> lines = new ArrayList<>(Files.readAllLines(tables.get(0)));
        lines.remove(lines.size() - 1);
        Files.write(tables.get(0), lines);
        Files.setLastModifiedTime(tables.get(0), FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        FrameMeasurements changed = stored.read(tables.get(0));
        assertThat(changed).isNotSameAs(once);
        assertThat(changed.measurements()).hasSize(once.measurements().size() - 1);

        // beyond the capacity the least recently used go
        StoredTables small = new StoredTables(2L * once.measurements().size());
        for (Path table : tables) {
            small.read(table);
        }
        assertThat(small.held()).isLessThanOrEqualTo(2L * once.measurements().size()).isPositive();
        assertThat(new StoredTables(0).read(tables.get(1))).isNotNull();
    }

    @Test
    void theProvenanceCarriesTheInputFramesExposure(@TempDir Path root) throws Exception {
        Path dataset = SampleDatasets.dataset(root, "rp", "  aperture_arcsec: 6.96\n");
        AperturePipeline.Result result = new AperturePipeline("test").reduce(dataset, config(dataset), "hash", false);
        double expected = 0;
        for (Path frame : AperturePipeline.frames(dataset)) {
            expected += new io.skyroute.photometry.fits.FitsImageReader().readHeader(frame).number("EXPTIME", Double.NaN);
        }
        JsonNode provenance = new ObjectMapper().readTree(dataset.resolve(LightcurveProducts.PROVENANCE).toFile());
        assertThat(result.excluded()).isEmpty();
        assertThat(provenance.get(LightcurveProducts.EXPOSURE_KEY).asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(provenance.get("products").has(DatasetTable.FILE)).as("the growing table is not a hashed product").isFalse();
    }
}
