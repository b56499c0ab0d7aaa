package io.skyroute.reduction;

import io.skyroute.config.ReductionConfig;
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
public final class AperturePipeline {

    static final String PHOTOMETRY_DIR = "photometry";
    static final String DATASET_TABLE = "photometry.csv";

    private final String softwareVersion;
    private final long maxImagePixels;

    public AperturePipeline(String softwareVersion) {
        this(softwareVersion, FitsImageReader.DEFAULT_MAX_PIXELS);
    }

    /** @param maxImagePixels a frame with a larger image is excluded with the reason, never allocated */
    public AperturePipeline(String softwareVersion, long maxImagePixels) {
        this.maxImagePixels = maxImagePixels;
        this.softwareVersion = softwareVersion;
    }

    /** What a run did. {@code scatter} is the lightcurve's normalised rms (NaN with fewer than two points). */
    public record Result(Path dataset, String target, String filter, int frames, int measured, int reused,
                         Map<String, String> excluded, List<LightcurvePoint> lightcurve, double scatter, List<Path> products) {
    }

    public Result reduce(Path dataset, ReductionConfig config, String configHash, boolean updatePhotometry) throws IOException {
        try (DatasetLog log = new DatasetLog(dataset)) {
            return reduce(dataset, config, configHash, updatePhotometry, log);
        }
    }

    private Result reduce(Path dataset, ReductionConfig config, String configHash, boolean updatePhotometry, DatasetLog log) throws IOException {
        AperturePhotometry science = new AperturePhotometry(config);
        Star target = science.target();
        List<Path> frames = frames(dataset);
        log.info("reduction of " + frames.size() + " frame(s) for " + target.name() + " starts (skyroute " + softwareVersion
                + ", config " + configHash + ")");
        Path tables = Files.createDirectories(dataset.resolve(PHOTOMETRY_DIR));
        FitsImageReader reader = new FitsImageReader(maxImagePixels);
        SourceDetector detector = new SourceDetector(config.photometry().detectionSigma(), 9);
        Map<String, String> excluded = new LinkedHashMap<>();

        List<Path> toMeasure = frames.stream().filter(f -> updatePhotometry || !Files.exists(tableOf(tables, f))).toList();
        // a new field needs every new frame's detections first, to choose the reference; a known one is read once per frame
        Map<Path, Detected> detections = new LinkedHashMap<>();
        if (!catalogueKnown(dataset, config)) {
            for (Path frame : toMeasure) {
                try {
                    detections.put(frame, detect(detector, reader.read(frame)));
                } catch (BadImage | IllegalArgumentException e) {
                    excluded.put(frame.getFileName().toString(), e.getMessage());
                    log.warn("excluded " + frame.getFileName() + ": " + e.getMessage());
                }
            }
        }
        List<Star> catalogue = catalogue(dataset, config, science, target, detections, log);

        List<FrameMeasurements> measured = new ArrayList<>();
        int reused = 0;
        for (Path frame : frames) {
            String name = frame.getFileName().toString();
            if (excluded.containsKey(name)) {
                continue;
            }
            Path table = tableOf(tables, frame);
            if (!toMeasure.contains(frame)) {
                FrameMeasurements previous = MeasurementTable.read(table);
                if (previous != null) {
                    measured.add(previous);
                    reused++;
                }
                continue;
            }
            try {
                FitsImage image = reader.read(frame);
                Detected detected = detections.containsKey(frame) ? detections.get(frame) : detect(detector, image);
                AperturePhotometry.FrameResult result = science.measure(image, catalogue, detected.sources());
                if (result.excluded()) {
                    log.warn("excluded " + name + ": " + result.exclusion());
                    excluded.put(name, result.exclusion());
                    continue;
                }
                log.info(image.file() + ": " + result.note());
                Products.text(table, out -> writeTable(out, List.of(result.measurements())));
                measured.add(result.measurements());
            } catch (BadImage | IllegalArgumentException e) {
                log.warn("excluded " + name + ": " + e.getMessage());
                excluded.put(name, e.getMessage());
            }
        }
        measured.sort(Comparator.comparingDouble(f -> f.observation().mjd()));
        return products(dataset, configHash, science, target, catalogue, frames, measured, reused, excluded, log);
    }

    private record Detected(List<Source> sources, int width, int height) {
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
        Star named = stars.stream().filter(s -> s.name().equals(target.name())).findFirst().orElseThrow();
        if (named.ra() == target.ra() && named.dec() == target.dec()) {
            log.warn("no catalogue star within " + StarCatalogue.TARGET_MATCH_ARCSEC + " arcsec of the target's coordinates ("
                    + target.ra() + ", " + target.dec() + "): it is measured there anyway; check target RA/Dec in "
                    + DatasetReducer.CONFIG_FILE + " (frame headers give the pointing, not the target)");
        }
        return stars;
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
                            List<FrameMeasurements> measured, int reused, Map<String, String> excluded, DatasetLog log) throws IOException {
        String filter = measured.isEmpty() ? dataset.getFileName().toString() : measured.get(0).observation().filter();
        Path table = Products.text(dataset.resolve(DATASET_TABLE), out -> writeTable(out, measured));
        AperturePhotometry.LightcurveResult result = science.lightcurve(target, catalogue, measured);
        Ensemble.Result ensemble = result.ensemble();
        List<LightcurvePoint> lightcurve = result.points();
        double scatter = result.scatter();
        Provenance provenance = new Provenance(softwareVersion, configHash,
                measured.stream().map(FrameMeasurements::file).toList(), excluded, ensemble.comparisonStars());
        List<Path> products = LightcurveProducts.write(dataset, safe(target.name()), safe(filter), lightcurve, provenance, List.of(table));
        log.info(String.format("lightcurve of %s in %s: %d points, normalised scatter %.4f, %d comparison stars; %d frame(s) measured,"
                        + " %d reused, %d excluded", target.name(), filter, lightcurve.size(), scatter, ensemble.comparisonStars().size(),
                measured.size() - reused, reused, excluded.size()));
        return new Result(dataset, target.name(), filter, frames.size(), measured.size() - reused, reused, excluded, lightcurve, scatter,
                products);
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

    private static Path tableOf(Path tables, Path frame) {
        String name = frame.getFileName().toString();
        return tables.resolve(name.replaceAll("\\.(fits|fit|fts)(\\.fz)?$|\\.fz$", "") + ".csv");
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9._+-]", "_");
    }
}
