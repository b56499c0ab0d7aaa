package io.skyroute.reduction;

import io.skyroute.config.ReductionConfig;
import io.skyroute.ops.ProgressLog;
import io.skyroute.photometry.FramesInOrder;
import io.skyroute.pipeline.Dataset;
import io.skyroute.photometry.fits.BadImage;
import io.skyroute.photometry.ensemble.Ensemble;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.fits.FitsImageReader;
import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.ensemble.LightcurvePoint;
import io.skyroute.photometry.aperture.MeasurementTable;
import io.skyroute.photometry.detection.Source;
import io.skyroute.photometry.detection.SourceDetector;
import io.skyroute.photometry.aperture.Star;
import io.skyroute.photometry.wcs.Wcs;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.List;
import java.util.Map;

/**
 * The aperture pipeline for one dataset folder (what the LCO pipeline's aperture_pipeline.py does), as
 * the I/O around the pure steps of {@link AperturePhotometry}: it reads the frames (each once, two
 * passes for a new field whose catalogue is made from the reference frame's detections), the shared
 * star catalogue and the stored per-frame tables (incremental: frames with a table are not measured
 * again), and writes the tables, the lightcurve products with their provenance, and the dataset's log.
 * No Camel, no database: the route and the command add the lock and the ledger around it.
 */
public final class AperturePipeline implements AutoCloseable {

    private static final org.slf4j.Logger PROGRESS = org.slf4j.LoggerFactory.getLogger(AperturePipeline.class);

    static final String PHOTOMETRY_DIR = "photometry";
    static final String DATASET_TABLE = DatasetTable.FILE;

    private final String softwareVersion;
    private final long maxImagePixels;
    private final StoredTables storedTables;
    private final int threads = FramesInOrder.defaultThreads();
    /** Frames decoded and measured at once over every dataset this pipeline reduces (reduction.frames_in_flight): the heap's budget. */
    private final java.util.concurrent.Semaphore framesInFlight;
    private final FrameListing listing = new FrameListing();
    private final StoredTableNames tableNames = new StoredTableNames();
    private final RunningTallies tallies;
    private final DatasetTableIndex tableIndexes;

    /** A pipeline that checks each stored table by size and time (the daemon's also watches their folders: {@link DatasetReducer}). */
    public AperturePipeline(String softwareVersion) {
        this(softwareVersion, FitsImageReader.DEFAULT_MAX_PIXELS, FramesInOrder.defaultThreads(),
                new StoredTables(io.skyroute.config.ReductionSettings.DEFAULT_STORED_TABLE_CACHE));
    }

    /**
     * @param maxImagePixels a frame with a larger image is excluded with the reason, never allocated
     * @param framesInFlight frames decoded at once over all this pipeline's reductions
     * @param storedTables   the stored per-frame tables, kept parsed between runs of this pipeline
     */
    AperturePipeline(String softwareVersion, long maxImagePixels, int framesInFlight, StoredTables storedTables) {
        this.maxImagePixels = maxImagePixels;
        this.framesInFlight = new java.util.concurrent.Semaphore(framesInFlight, true);
        this.softwareVersion = softwareVersion;
        this.storedTables = storedTables;
        this.tallies = new RunningTallies(storedTables.capacity());
        // an index line per frame: as many lines as the stored-table cache holds frames of ~100 stars
        this.tableIndexes = new DatasetTableIndex(storedTables.capacity() / 100);
    }

    /**
     * What a run did. {@code scatter} is the lightcurve's normalised rms (NaN with fewer than two points);
     * {@code quality} is the lightcurve's own checks ({@link LightcurveChecks}): a failed one is written,
     * flagged and never published.
     */
    public record Result(Path dataset, String target, String filter, int frames, int measured, int reused,
                         Map<String, String> excluded, List<LightcurvePoint> lightcurve, double scatter, List<Path> products,
                         LightcurveChecks.Quality quality) {

        /** Why the dataset needs attention, or null when its lightcurve passed its checks. */
        public String attention() {
            return quality.passed() ? null : "lightcurve " + quality.summary();
        }
    }

    /** The datasets' running tallies (for tests). */
    RunningTallies tallies() {
        return tallies;
    }

    public Result reduce(Path dataset, ReductionConfig config, String configHash, boolean updatePhotometry) throws IOException {
        try (DatasetLog log = new DatasetLog(dataset)) {
            return reduce(dataset, config, configHash, updatePhotometry, log);
        }
    }

    private Result reduce(Path dataset, ReductionConfig config, String configHash, boolean updatePhotometry, DatasetLog log) throws IOException {
        Path tables = Files.createDirectories(dataset.resolve(PHOTOMETRY_DIR));
        // one look at both folders' change notices (their waits overlap): what was listed or read before and is not named
        // since may be used as it is
        List<TableWatch.Look> looks = storedTables.watch().look(List.of(dataset, tables));
        List<FrameListing.Named> named = listing.named(dataset, looks.get(0));
        List<Path> frames = FrameListing.paths(named);
        FitsImageReader reader = new FitsImageReader(maxImagePixels);
        AperturePhotometry science = new AperturePhotometry(config, aperture(config, frames, tables, updatePhotometry, reader, log));
        Star target = science.target();
        log.info("reduction of " + frames.size() + " frame(s) for " + target.name() + " starts (skyroute " + softwareVersion
                + ", config " + configHash + "), aperture " + String.format("%.2f", science.aperture()) + " arcsec");
        SourceDetector detector = new SourceDetector(config.photometry().detectionSigma(), 9);
        Map<String, String> excluded = new LinkedHashMap<>();

        // the stored tables count only if they were measured the way this run would: same target position, aperture, annulus
        String measuredWith = String.format(java.util.Locale.ROOT, "target %.7f %.7f, aperture %.3f, annulus %s", target.ra(), target.dec(),
                science.aperture(), config.photometry().annulus(science.aperture()));
        Path measuredWithFile = tables.resolve(MEASURED_WITH_FILE);
        boolean remeasure = updatePhotometry;
        if (!remeasure && Files.exists(measuredWithFile) && !Files.readString(measuredWithFile).trim().equals(measuredWith)) {
            log.info("the stored tables were measured with " + Files.readString(measuredWithFile).trim() + "; measuring every frame again ("
                    + measuredWith + ")");
            remeasure = true;
        }
        boolean again = remeasure;
        Set<String> withTables = tableNames.of(tables, looks.get(1)); // not a file-system look-up per frame
        Set<Path> toMeasure = new LinkedHashSet<>();
        for (FrameListing.Named frame : named) {
            if (again || !withTables.contains(frame.table())) {
                toMeasure.add(frame.path());
            }
        }
        if (!Files.exists(measuredWithFile) || !Files.readString(measuredWithFile).trim().equals(measuredWith)) {
            Products.text(measuredWithFile, out -> out.write(measuredWith + "\n"));
        }
        // a new field needs every new frame's detections first, to choose the reference; a known one is read once per frame
        Map<Path, Detected> detections = new LinkedHashMap<>();
        if (!catalogueKnown(dataset, config)) {
            FramesInOrder.run(List.copyOf(toMeasure), threads, threads + 1, "reduction-frame", frame -> inFlight(() -> detect(detector, reader.readWithoutErrors(frame))), (frame, detected, failure) -> {
                if (failure == null) {
                    detections.put(frame, detected);
                } else {
                    excluded.put(frame.getFileName().toString(), unreadable(failure));
                    log.warn("excluded " + frame.getFileName() + ": " + unreadable(failure));
                }
            });
        }
        List<Star> catalogue = catalogue(dataset, config, science, target, detections, log);

        TableWrites tableWrites = new TableWrites();
        try {
            Set<Path> written = new LinkedHashSet<>();
            ProgressLog progress = new ProgressLog(PROGRESS);
            List<Path> fresh = new ArrayList<>();
            List<FrameListing.Named> storedFrames = new ArrayList<>();
            for (FrameListing.Named frame : named) {
                if (!excluded.containsKey(frame.name())) {
                    if (toMeasure.contains(frame.path())) {
                        fresh.add(frame.path());
                    } else {
                        storedFrames.add(frame);
                    }
                }
            }
            // the stored tables are checked and read on another core while the new frames are measured
            TableWatch.Look tablesLook = looks.get(1);
            Future<List<FrameMeasurements>> reading = fresh.isEmpty() ? null : BesideWork.submit(() -> readStored(tables, storedFrames, tablesLook));
            List<FrameMeasurements> measuredFresh = new ArrayList<>();
            int stored = storedFrames.size();
            int[] done = {0};
            FramesInOrder.run(fresh, threads, threads + 1, "reduction-frame", frame -> inFlight(() -> {
                FitsImage image = reader.read(frame);
                Detected detected = detections.get(frame);
                return detected != null ? science.measure(image, catalogue, detected.sources()) : science.measure(image, catalogue, detector);
            }), (frame, result, failure) -> {
                done[0]++;
                progress.tick(() -> Dataset.of(dataset).label() + ": " + (stored + done[0]) + " of " + frames.size() + " frames measured or reused");
                String name = frame.getFileName().toString();
                if (failure != null || result.excluded()) {
                    String why = failure != null ? unreadable(failure) : result.exclusion();
                    log.warn("excluded " + name + ": " + why);
                    excluded.put(name, why);
                    return;
                }
                log.info(name + ": " + result.note());
                Path table = tableOf(tables, frame);
                tableWrites.write(table, out -> writeTable(out, List.of(result.measurements())));
                written.add(table);
                measuredFresh.add(result.measurements());
            });
            List<FrameMeasurements> measured = reading == null ? readStored(tables, storedFrames, tablesLook) : BesideWork.await(reading, "the stored tables were read");
            int reused = measured.size();
            measured.addAll(measuredFresh);
            measured.sort(Comparator.comparingDouble(f -> f.observation().mjd()));
            List<String> tableNames = measured.stream().map(f -> tableName(f.file())).toList();
            boolean rewriteAll = remeasure;
            // the dataset table is kept up to date while the lightcurve's plot is drawn on another core
            return products(dataset, configHash, science, target, catalogue, frames, measured, reused, excluded, log,
                    () -> {
                        tableWrites.await();
                        DatasetTable.update(dataset, tables, tableNames, written, rewriteAll, tableIndexes);
                    });
        } finally {
            tableWrites.awaitQuietly(); // nothing is left being written after a failed run
        }
    }

    /** The stored tables of frames measured before, in the frames' order (an empty table gives nothing). */
    private List<FrameMeasurements> readStored(Path tables, List<FrameListing.Named> frames, TableWatch.Look look) throws IOException {
        List<Path> stored = new ArrayList<>(frames.size());
        for (FrameListing.Named frame : frames) {
            stored.add(frame.tablePath());
        }
        return storedTables.readAll(tables, stored, look);
    }

    /** Stops watching the stored tables' folders. */
    @Override
    public void close() throws IOException {
        storedTables.close();
    }

    /** The file in {@code photometry/} saying how the stored tables were measured (target position, aperture, annulus). */
    static final String MEASURED_WITH_FILE = "measured_with.txt";

    /** The file in {@code photometry/} that fixes a dataset's automatic aperture (arcsec) once chosen. */
    static final String AUTO_APERTURE_FILE = "aperture_arcsec.txt";

    /**
     * The configured aperture; or the automatic one: fixed at the dataset's first reduction (and again with
     * --update-phot) to twice the frames' median seeing from their headers (L1FWHM), at least 3 arcsec, and
     * kept in {@code photometry/aperture_arcsec.txt} so the stored per-frame tables stay comparable.
     */
    private static double aperture(ReductionConfig config, List<Path> frames, Path tables, boolean update, FitsImageReader reader,
                                   DatasetLog log) throws IOException {
        if (config.photometry().apertureArcsec() != null) {
            return config.photometry().apertureArcsec();
        }
        Path fixed = tables.resolve(AUTO_APERTURE_FILE);
        if (Files.exists(fixed) && !update) {
            try {
                return Double.parseDouble(Files.readString(fixed).trim());
            } catch (NumberFormatException e) {
                log.warn(fixed + " does not hold a number; choosing the automatic aperture again");
            }
        }
        double[] seeing = frames.stream().mapToDouble(f -> {
            try {
                return reader.readHeader(f).number("L1FWHM", Double.NaN);
            } catch (BadImage e) {
                return Double.NaN;
            }
        }).filter(v -> !Double.isNaN(v) && v > 0).toArray();
        double median = seeing.length == 0 ? Double.NaN : io.skyroute.photometry.stats.Statistics.median(seeing, seeing.length);
        double aperture = config.photometry().aperture(median);
        Products.text(fixed, out -> out.write(String.format(java.util.Locale.ROOT, "%.3f%n", aperture)));
        log.info(String.format(java.util.Locale.ROOT, "automatic aperture %.2f arcsec: %s", aperture, Double.isNaN(median)
                ? "no seeing in the headers (L1FWHM), the minimum" : String.format(java.util.Locale.ROOT, "twice the median seeing %.2f arcsec of %d frame(s)", median, seeing.length)));
        return aperture;
    }

    private record Detected(List<Source> sources, int width, int height) {
    }

    /** Why a frame could not be read or measured: an unreadable image's reason; anything else is a fault, not the frame's. */
    private static String unreadable(Exception failure) {
        if (failure instanceof BadImage || failure instanceof IllegalArgumentException) {
            return failure.getMessage();
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new IllegalStateException(failure);
    }

    private static Detected detect(SourceDetector detector, FitsImage image) {
        return new Detected(detector.detect(image, Wcs.of(image.header())), image.width(), image.height());
    }

    private static boolean catalogueKnown(Path dataset, ReductionConfig config) {
        return config.photometry().catalogue() != null || Files.exists(sharedCatalogue(dataset));
    }

    /** {@code <TARGET>/star_catalog.csv}: the dataset folder is {@code <TARGET>/<instrument>/<filter>}. */
    private static Path sharedCatalogue(Path dataset) {
        return io.skyroute.pipeline.Dataset.of(dataset).sharedCatalogue();
    }

    private List<Star> catalogue(Path dataset, ReductionConfig config, AperturePhotometry science, Star target,
                                 Map<Path, Detected> detections, DatasetLog log) throws IOException {
        List<Star> stars = catalogueStars(dataset, config, science, target, detections, log);
        if (!targetDetected(stars, target)) {
            log.warn("no catalogue star within " + StarCatalogue.TARGET_MATCH_ARCSEC + " arcsec of the target's coordinates ("
                    + target.ra() + ", " + target.dec() + "): it is measured there anyway, and the lightcurve will fail its checks;"
                    + " check target RA/Dec in " + DatasetReducer.CONFIG_FILE + " (frame headers give the pointing, not the target)");
        }
        return stars;
    }

    /** The catalogue matched a detected star to the target (renaming it), rather than adding the target at its coordinates. */
    private static boolean targetDetected(List<Star> catalogue, Star target) {
        Star named = catalogue.stream().filter(s -> s.name().equals(target.name())).findFirst().orElseThrow();
        return !(named.ra() == target.ra() && named.dec() == target.dec());
    }

    /** Where the dataset's target coordinates came from: the first line sorting wrote, or the configuration itself. */
    static String coordinatesSource(Path dataset) {
        Path config = dataset.resolve(DatasetReducer.CONFIG_FILE);
        try (java.io.BufferedReader in = Files.newBufferedReader(config)) {
            String first = in.readLine();
            String prefix = "# target coordinates from: ";
            if (first != null && first.startsWith(prefix)) {
                return first.substring(prefix.length()).trim();
            }
        } catch (IOException e) {
            // the configuration was read a moment ago; say nothing more than the default
        }
        return "the dataset's " + DatasetReducer.CONFIG_FILE;
    }

    private List<Star> catalogueStars(Path dataset, ReductionConfig config, AperturePhotometry science, Star target,
                                      Map<Path, Detected> detections, DatasetLog log) throws IOException {
        if (config.photometry().catalogue() != null) {
            Path file = dataset.resolve(config.photometry().catalogue());
            log.info("star catalogue from " + file);
            return StarCatalogue.withTarget(StarCatalogue.read(file), target);
        }
        Path shared = sharedCatalogue(dataset);
        if (Files.exists(shared)) {
            return StarCatalogue.withTarget(StarCatalogue.read(shared), target);
        }
        Map<Path, List<Source>> sources = new LinkedHashMap<>();
        detections.forEach((frame, detected) -> sources.put(frame, detected.sources()));
        Path reference = science.reference(sources, frame -> frame.getFileName().toString()).getKey();
        Detected detected = detections.get(reference);
        List<Star> stars = StarCatalogue.fromDetections(detected.sources(), detected.width(), detected.height(), target);
        StarCatalogue.write(shared, stars);
        log.info("star catalogue: " + stars.size() + " stars detected on " + reference.getFileName() + " -> " + shared);
        return stars;
    }

    private Result products(Path dataset, String configHash, AperturePhotometry science, Star target, List<Star> catalogue, List<Path> frames,
                            List<FrameMeasurements> measured, int reused, Map<String, String> excluded, DatasetLog log,
                            LightcurveProducts.Meanwhile meanwhile) throws IOException {
        String filter = measured.isEmpty() ? dataset.getFileName().toString() : measured.get(0).observation().filter();
        AperturePhotometry.LightcurveResult result = science.lightcurve(target, catalogue, measured,
                tallies.forRun(dataset, science.maxPeakFraction()));
        tallies.trim();
        Ensemble.Result ensemble = result.ensemble();
        List<LightcurvePoint> lightcurve = result.points();
        double scatter = result.scatter();
        String coordinates = coordinatesSource(dataset);
        LightcurveChecks.Quality quality = LightcurveChecks.check(targetDetected(catalogue, target), coordinates, lightcurve, ensemble,
                science.targetMinSnr());
        log.info("target " + target.name() + " at RA " + target.ra() + ", Dec " + target.dec() + " (from " + coordinates + ")");
        ensemble.scales().forEach((frame, scale) -> {
            if (scale.outlier() != null) {
                log.warn("frame " + frame + " flagged: " + scale.outlier() + " (its point is kept and flagged; it does not weigh the comparison stars)");
            }
        });
        ensemble.rejected().forEach((star, why) -> log.info("comparison candidate " + star + " left out: " + why));
        Provenance provenance = new Provenance(softwareVersion, configHash,
                measured.stream().map(FrameMeasurements::file).toList(), excluded, ensemble.comparisonStars(),
                ProvenanceMaps.target(target, coordinates, targetDetected(catalogue, target)), ProvenanceMaps.ensemble(ensemble),
                ProvenanceMaps.quality(quality), exposureSeconds(measured));
        List<Path> products = LightcurveProducts.write(dataset, safe(target.name()), safe(filter), lightcurve, provenance, meanwhile);
        log.info(String.format("lightcurve of %s in %s: %d points, normalised scatter %.4f, %d comparison stars (chi2 %.2f, errors x %.2f);"
                        + " %d frame(s) measured, %d reused, %d excluded", target.name(), filter, lightcurve.size(), scatter,
                ensemble.comparisonStars().size(), ensemble.reducedChiSquare(), ensemble.errorScale(), measured.size() - reused, reused,
                excluded.size()));
        if (quality.passed()) {
            log.info("lightcurve checks passed");
        } else {
            log.warn("lightcurve checks FAILED, it will not be published: " + String.join("; ", quality.reasons()));
        }
        return new Result(dataset, target.name(), filter, frames.size(), measured.size() - reused, reused, excluded, lightcurve, scatter,
                products, quality);
    }

    /** The measured frames' summed EXPTIME (from their tables), NaN when none says. */
    private static double exposureSeconds(List<FrameMeasurements> measured) {
        double[] exposures = measured.stream().mapToDouble(f -> f.observation().exposure()).filter(Double::isFinite).toArray();
        return exposures.length == 0 ? Double.NaN : java.util.Arrays.stream(exposures).sum();
    }

    static double scatter(List<LightcurvePoint> points) {
        return AperturePhotometry.scatter(points);
    }

    private static void writeTable(Writer out, List<FrameMeasurements> frames) throws IOException {
        MeasurementTable table = new MeasurementTable(out);
        for (FrameMeasurements frame : frames) {
            table.write(frame);
        }
        table.flush();
    }

    static List<Path> frames(Path dataset) throws IOException {
        return io.skyroute.pipeline.Dataset.of(dataset).frames();
    }

    /** {@code photometry/<frame name without .fits, .fit, .fts and/or .fz>.csv} (a regular expression here was 3 % of a 2,000-frame run). */
    static Path tableOf(Path tables, Path frame) {
        return tables.resolve(tableName(frame.getFileName().toString()));
    }

    /**
     * The table's file name for a frame's file name, any folder part left out (paths are built only where a file is
     * opened: 2,000 of them cost ~2 ms).
     */
    static String tableName(String frameName) {
        String name = stripSuffix(frameName.substring(frameName.lastIndexOf('/') + 1), ".fz");
        for (String suffix : FRAME_SUFFIXES) {
            String stripped = stripSuffix(name, suffix);
            if (stripped != name) {
                name = stripped;
                break;
            }
        }
        return name + ".csv";
    }

    private static final List<String> FRAME_SUFFIXES = List.of(".fits", ".fit", ".fts");

    private static String stripSuffix(String name, String suffix) {
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9._+-]", "_");
    }

    /** A frame's decoding and measuring, once one of the pipeline's frames in flight is free (its image is garbage after). */
    private <T> T inFlight(java.util.concurrent.Callable<T> work) throws Exception {
        framesInFlight.acquire();
        try {
            return work.call();
        } finally {
            framesInFlight.release();
        }
    }
}
