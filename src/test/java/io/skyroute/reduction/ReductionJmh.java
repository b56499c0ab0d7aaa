package io.skyroute.reduction;

import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ReductionConfig;
import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.MeasurementTable;
import io.skyroute.photometry.aperture.Star;
import io.skyroute.photometry.detection.SourceDetector;
import io.skyroute.photometry.concurrent.SpareCoresHeld;
import io.skyroute.photometry.fits.Decompression;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.fits.FitsImageReader;
import io.skyroute.photometry.wcs.Wcs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The warm reduction of one new frame against the floor, in one JVM (docs/benchmarks.md): decompressing the
 * frame (every compressed HDU, nothing else), the per-frame work (read + WCS check + forced photometry of the
 * catalogue), the same with the full-image detection the WCS check used before, the lightcurve's rebuild from the
 * stored measurements alone (comparison stars and their fits, no files), and a whole incremental
 * reduction of a dataset to which one frame was added (stored tables reused; catalogue, lightcurve and
 * products rebuilt) for datasets of {@code datasetFrames} frames (hard links to the sample rp frames under
 * new names, with their stored tables). Run after {@code ./mvnw -DskipTests package} and
 * {@code ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/test.classpath}:
 * <pre>java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" org.openjdk.jmh.Main ReductionJmh</pre>
 * The fork runs with the daemon's heap settings (those of {@code bin/skyroute run}): on the JVM's default heap of
 * gigabytes the collector never works as it does in the daemon.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx192m", "-XX:-G1UseAdaptiveIHOP", "-XX:InitiatingHeapOccupancyPercent=75"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReductionJmh {

    @Param({"30", "2000"})
    public int datasetFrames;

    private final FitsImageReader reader = new FitsImageReader();
    private final AperturePipeline pipeline = new AperturePipeline("bench", io.skyroute.photometry.fits.FitsImageReader.DEFAULT_MAX_PIXELS, 2,
            new StoredTables(io.skyroute.config.ReductionSettings.DEFAULT_STORED_TABLE_CACHE, true)); // as the daemon has it
    private Path root;
    private Path dataset;
    private Path newFrame;
    private ReductionConfig config;
    private List<Star> catalogue;
    private AperturePhotometry science;
    private SourceDetector detector;

    @Setup
    public void dataset() throws Exception {
        // the dataset log's lines would swamp the figures
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.skyroute")).setLevel(ch.qos.logback.classic.Level.WARN);
        root = Files.createTempDirectory("skyroute-reduction-jmh");
        Path seed = SampleDatasets.dataset(root.resolve("seed"), "rp", "  aperture_arcsec: 6.96\n");
        config = new ConfigLoader(Map.of()).load(seed.resolve(DatasetReducer.CONFIG_FILE), ConfigKind.REDUCTION, ReductionConfig.class);
        pipeline.reduce(seed, config, "bench", false);
        List<Path> frames = AperturePipeline.frames(seed);
        catalogue = StarCatalogue.read(root.resolve("seed").resolve("PDS_110").resolve(StarCatalogue.FILE));
        science = new AperturePhotometry(config, 6.96);
        detector = new SourceDetector(config.photometry().detectionSigma(), 9);

        dataset = Files.createDirectories(root.resolve("big").resolve("PDS_110").resolve("sbig").resolve("rp"));
        Files.copy(seed.resolve(DatasetReducer.CONFIG_FILE), dataset.resolve(DatasetReducer.CONFIG_FILE));
        Files.copy(root.resolve("seed").resolve("PDS_110").resolve(StarCatalogue.FILE), root.resolve("big").resolve("PDS_110").resolve(StarCatalogue.FILE));
        Path tables = Files.createDirectories(dataset.resolve(AperturePipeline.PHOTOMETRY_DIR));
        for (String file : List.of(AperturePipeline.MEASURED_WITH_FILE)) {
            Files.copy(seed.resolve(AperturePipeline.PHOTOMETRY_DIR).resolve(file), tables.resolve(file));
        }
        // datasetFrames - 1 frames with stored tables: copies under new names (the table's file column renamed too)
        for (int i = 0; i < datasetFrames - 1; i++) {
            Path original = frames.get(i % frames.size());
            String stem = original.getFileName().toString().replace(".fits.fz", "");
            String copy = String.format("%s-c%04d", stem, i);
            Files.createLink(dataset.resolve(copy + ".fits.fz"), original);
            String table = Files.readString(seed.resolve(AperturePipeline.PHOTOMETRY_DIR).resolve(stem + ".csv"));
            Files.writeString(tables.resolve(copy + ".csv"), table.replace(stem + ".fits.fz", copy + ".fits.fz"));
        }
        newFrame = frames.get(frames.size() - 1);
    }

    /**
     * A second copy of the dataset's stored measurements, read only for {@link #rebuildLightcurve}: held during the
     * other benchmarks, it doubled their live heap beyond what a daemon with this dataset has, and the collector
     * worked accordingly.
     */
    @State(Scope.Benchmark)
    public static class StoredMeasurements {

        private List<FrameMeasurements> frames;

        /** The stored measurements the lightcurve is rebuilt from, in time order, as a reduction reads them. */
        @Setup
        public void read(ReductionJmh bench) throws IOException {
            frames = new ArrayList<>();
            try (Stream<Path> listed = Files.list(bench.dataset.resolve(AperturePipeline.PHOTOMETRY_DIR))) {
                for (Path table : listed.filter(t -> t.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                    frames.add(MeasurementTable.read(table));
                }
            }
            frames.sort(Comparator.comparingDouble(f -> f.observation().mjd()));
        }
    }

    /**
     * The new frame lands: a frame of the dataset without a stored table, the dataset table and its index as they
     * were before it (as if the frame had never been added), so that every operation adds one frame to N - 1.
     */
    @Setup(Level.Invocation)
    public void land() throws IOException {
        Path table = dataset.resolve(AperturePipeline.PHOTOMETRY_DIR).resolve("zz-new.csv");
        Files.deleteIfExists(table);
        Path landed = dataset.resolve("zz-new.fits.fz");
        if (baseIndex == null) {
            Files.deleteIfExists(landed);
            pipeline.reduce(dataset, config, "bench", false);
            baseLength = Files.size(dataset.resolve(DatasetTable.FILE));
            baseIndex = Files.readAllBytes(dataset.resolve(AperturePipeline.PHOTOMETRY_DIR).resolve(DatasetTable.INDEX));
            Files.createLink(landed, newFrame);
            return;
        }
        try (java.nio.channels.FileChannel csv = java.nio.channels.FileChannel.open(dataset.resolve(DatasetTable.FILE),
                java.nio.file.StandardOpenOption.WRITE)) {
            csv.truncate(baseLength);
        }
        Files.write(dataset.resolve(AperturePipeline.PHOTOMETRY_DIR).resolve(DatasetTable.INDEX), baseIndex);
    }

    private long baseLength;
    private byte[] baseIndex;

    @TearDown
    public void clean() throws IOException {
        pipeline.close();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The floor: the new frame's file read and its SCI, BPM and ERR planes decompressed (a large plane's tiles on two cores). */
    @Benchmark
    public long decompress() {
        return Decompression.decompress(newFrame);
    }

    /** The same on one core, as funpack decodes (and as skyroute did before a lone frame's tiles were split across cores). */
    @Benchmark
    public long decompressOnOneCore() throws Exception {
        return SpareCoresHeld.during(() -> Decompression.decompress(newFrame));
    }

    /** What a new frame costs on its own: read, WCS checked on the catalogue stars' local centroids, every catalogue star measured. */
    @Benchmark
    public Object measureFrame() {
        FitsImage image = reader.read(newFrame);
        return science.measure(image, catalogue, detector);
    }

    /** The same with the WCS checked on a full-image detection (as before issue 22). */
    @Benchmark
    public Object measureFrameWithDetection() {
        FitsImage image = reader.read(newFrame);
        return science.measure(image, catalogue, detector.detect(image, Wcs.of(image.header())));
    }

    /**
     * The rebuild's arithmetic alone: comparison stars chosen and fitted on every frame, the target's lightcurve
     * (the datasetFrames - 1 stored frames, no files touched).
     */
    @Benchmark
    public Object rebuildLightcurve(StoredMeasurements stored) {
        return science.lightcurve(science.target(), catalogue, stored.frames);
    }

    /** The dataset reduced after the frame landed: the new frame measured, the others' tables reused, lightcurve and products rebuilt. */
    @Benchmark
    public Object addOneFrame() throws IOException {
        return pipeline.reduce(dataset, config, "bench", false);
    }
}
