package io.skyroute.reduction;

import io.skyroute.config.ReductionConfig;
import io.skyroute.config.SkyCoordinates;
import io.skyroute.photometry.BadImage;
import io.skyroute.photometry.Ensemble;
import io.skyroute.photometry.FitsImage;
import io.skyroute.photometry.FitsImageReader;
import io.skyroute.photometry.ForcedPhotometry;
import io.skyroute.photometry.FrameMeasurements;
import io.skyroute.photometry.LightcurvePoint;
import io.skyroute.photometry.Lightcurves;
import io.skyroute.photometry.MeasurementTable;
import io.skyroute.photometry.PhotometryOptions;
import io.skyroute.photometry.SkyMethod;
import io.skyroute.photometry.Source;
import io.skyroute.photometry.SourceDetector;
import io.skyroute.photometry.Star;
import io.skyroute.photometry.Wcs;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The aperture pipeline for one dataset folder (what the LCO pipeline's aperture_pipeline.py does):
 * the field's star catalogue (shared by the target's datasets), each new frame's WCS checked against
 * it (refined or the frame excluded), forced photometry of every catalogue star on every frame
 * (incremental: frames with a table are not measured again), ensemble normalisation and the target's
 * lightcurve, and the products with their provenance. No Camel, no database: the route and the
 * command add the lock and the ledger around it.
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
        Star target = new Star(config.target().name(), SkyCoordinates.ra(config.target().ra()), SkyCoordinates.dec(config.target().dec()));
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
        List<Star> catalogue = catalogue(dataset, config, target, detections, log);

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
                FrameMeasurements result = measure(image, catalogue, detected, config, log);
                Products.text(table, out -> writeTable(out, List.of(result)));
                measured.add(result);
            } catch (BadImage | IllegalArgumentException | WcsExclusion e) {
                log.warn("excluded " + name + ": " + e.getMessage());
                excluded.put(name, e.getMessage());
            }
        }
        measured.sort(Comparator.comparingDouble(f -> f.observation().mjd()));
        return products(dataset, config, configHash, target, catalogue, frames, measured, reused, excluded, log);
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

    private static final class WcsExclusion extends Exception {
        WcsExclusion(String message) {
            super(message);
        }
    }

    private FrameMeasurements measure(FitsImage image, List<Star> catalogue, Detected detected, ReductionConfig config, DatasetLog log)
            throws WcsExclusion {
        Wcs wcs = Wcs.of(image.header());
        WcsCheck.Outcome check = WcsCheck.check(wcs, catalogue, detected.sources(), image.width(), image.height());
        if (check.exclusion() != null) {
            throw new WcsExclusion(check.exclusion());
        }
        double scale = image.observation().pixelScale();
        if (Double.isNaN(scale) || scale <= 0) {
            scale = wcs.pixelScaleArcsec();
        }
        ReductionConfig.Photometry p = config.photometry();
        double aperture = p.apertureArcsec() / scale;
        double inner = Math.max(p.annulusArcsec().get(0) / scale, aperture + 1);
        double outer = Math.max(p.annulusArcsec().get(1) / scale, inner + 2);
        ForcedPhotometry photometry = new ForcedPhotometry(
                new PhotometryOptions(aperture, inner, outer, SkyMethod.MEDIAN, false, p.zeroPoint(), true));
        FrameMeasurements result = new FrameMeasurements(image.file(), image.observation(),
                photometry.measure(image, check.projection(), catalogue));
        log.info(image.file() + ": " + check.note() + "; " + result.measurements().size() + " stars measured");
        return result;
    }

    private List<Star> catalogue(Path dataset, ReductionConfig config, Star target, Map<Path, Detected> detections, DatasetLog log)
            throws IOException {
        List<Star> stars = catalogueStars(dataset, config, target, detections, log);
        Star named = stars.stream().filter(s -> s.name().equals(target.name())).findFirst().orElseThrow();
        if (named.ra() == target.ra() && named.dec() == target.dec()) {
            log.warn("no catalogue star within " + StarCatalogue.TARGET_MATCH_ARCSEC + " arcsec of the target's coordinates ("
                    + target.ra() + ", " + target.dec() + "): it is measured there anyway; check target RA/Dec in "
                    + DatasetReducer.CONFIG_FILE + " (frame headers give the pointing, not the target)");
        }
        return stars;
    }

    private List<Star> catalogueStars(Path dataset, ReductionConfig config, Star target, Map<Path, Detected> detections, DatasetLog log)
            throws IOException {
        if (config.photometry().catalogue() != null) {
            Path file = dataset.resolve(config.photometry().catalogue());
            log.info("star catalogue from " + file);
            return StarCatalogue.withTarget(StarCatalogue.read(file), target);
        }
        Path shared = sharedCatalogue(dataset);
        if (Files.exists(shared)) {
            return StarCatalogue.withTarget(StarCatalogue.read(shared), target);
        }
        Map.Entry<Path, Detected> reference = reference(config, detections);
        List<Star> stars = StarCatalogue.fromDetections(reference.getValue().sources(), reference.getValue().width(),
                reference.getValue().height(), target);
        StarCatalogue.write(shared, stars);
        log.info("star catalogue: " + stars.size() + " stars detected on " + reference.getKey().getFileName() + " -> " + shared);
        return stars;
    }

    /** The configured reference image, or the frame with the most detected stars (the sharpest on a tie). */
    private static Map.Entry<Path, Detected> reference(ReductionConfig config, Map<Path, Detected> detections) {
        String configured = config.photometry().referenceImage();
        if (configured != null && !configured.isBlank()) {
            return detections.entrySet().stream().filter(e -> e.getKey().getFileName().toString().equals(configured)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("photometry.reference_image: " + configured
                            + " is not a readable frame of this dataset"));
        }
        return detections.entrySet().stream()
                .max(Comparator.<Map.Entry<Path, Detected>>comparingInt(e -> e.getValue().sources().size())
                        .thenComparing(e -> -SourceDetector.medianFwhm(e.getValue().sources())))
                .orElseThrow(() -> new IllegalArgumentException("no readable frame to build the star catalogue on"));
    }

    /** The catalogue names of the comparison stars the configuration lists by position (each within 2 arcsec). */
    private static Set<String> comparisonNames(ReductionConfig config, List<Star> catalogue) {
        io.skyroute.photometry.SkyMatcher<Star> matcher = new io.skyroute.photometry.SkyMatcher<>(catalogue, Star::ra, Star::dec);
        Set<String> names = new java.util.LinkedHashSet<>();
        for (String position : config.photometry().comparisonStars()) {
            String[] parts = position.trim().split("[,\\s]+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("photometry.comparison_stars: expected 'ra dec', found '" + position + "'");
            }
            Star star = matcher.nearest(SkyCoordinates.ra(parts[0]), SkyCoordinates.dec(parts[1]), StarCatalogue.TARGET_MATCH_ARCSEC);
            if (star == null) {
                throw new IllegalArgumentException("photometry.comparison_stars: no catalogue star within 2 arcsec of " + position);
            }
            names.add(star.name());
        }
        return names;
    }

    private Result products(Path dataset, ReductionConfig config, String configHash, Star target, List<Star> catalogue, List<Path> frames,
                            List<FrameMeasurements> measured, int reused, Map<String, String> excluded, DatasetLog log) throws IOException {
        String filter = measured.isEmpty() ? dataset.getFileName().toString() : measured.get(0).observation().filter();
        Path table = Products.text(dataset.resolve(DATASET_TABLE), out -> writeTable(out, measured));
        Ensemble.Result ensemble = config.photometry().comparisonStars().isEmpty()
                ? Ensemble.normalise(measured, Set.of(target.name()), config.photometry().comparisonMinSnr())
                : Ensemble.normaliseOn(measured, comparisonNames(config, catalogue));
        List<LightcurvePoint> lightcurve = Lightcurves.of(target, measured, ensemble, config.photometry().zeroPoint());
        double scatter = scatter(lightcurve);
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
        double[] flux = points.stream().filter(p -> p.flux() > 0).mapToDouble(LightcurvePoint::flux).toArray();
        if (flux.length < 2) {
            return Double.NaN;
        }
        double mean = io.skyroute.photometry.Statistics.mean(flux, flux.length);
        return io.skyroute.photometry.Statistics.std(flux, flux.length) / mean;
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
