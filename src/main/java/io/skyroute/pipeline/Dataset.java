package io.skyroute.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dataset: the folder {@code <reduction dir>/<TARGET>/<instrument>/<subset>} (the subset is the filter
 * for imagers, the night for spectrographs) holding one target's frames from one instrument in one
 * filter, its {@code reduction_config.yaml}, and its products. The field's star catalogue is shared by
 * the target's datasets in {@code <TARGET>/star_catalog.csv}. The one place that knows this layout.
 */
public record Dataset(Path folder, String target, String instrument, String subset) {

    public static final String CONFIG_FILE = "reduction_config.yaml";
    public static final String CATALOGUE_FILE = "star_catalog.csv";
    public static final String PROVENANCE_FILE = "provenance.json";
    /** The key of provenance.json giving the input frames' summed exposure in seconds. */
    public static final String PROVENANCE_EXPOSURE_KEY = "exposure_seconds";
    public static final String LOCK_FILE = "dataset.lock";
    public static final String LOG_FILE = "aperture_pipeline.log";

    public Dataset {
        folder = folder.toAbsolutePath().normalize();
    }

    /** The dataset a folder is, read from the last three parts of its path. */
    public static Dataset of(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        int n = absolute.getNameCount();
        String subset = n >= 1 ? absolute.getName(n - 1).toString() : "";
        String instrument = n >= 2 ? absolute.getName(n - 2).toString() : "";
        String target = n >= 3 ? absolute.getName(n - 3).toString() : "";
        return new Dataset(absolute, target, instrument, subset);
    }

    /** {@code TARGET/instrument/filter}: how logs and metrics name the dataset. */
    public String label() {
        return target + "/" + instrument + "/" + subset;
    }

    /** The filter of an imaging dataset (its subset). */
    public String filter() {
        return subset;
    }

    public Path configFile() {
        return folder.resolve(CONFIG_FILE);
    }

    /** {@code <TARGET>/star_catalog.csv}, shared by the target's datasets. */
    public Path sharedCatalogue() {
        return folder.getParent() == null || folder.getParent().getParent() == null
                ? folder.resolve(CATALOGUE_FILE) : folder.getParent().getParent().resolve(CATALOGUE_FILE);
    }

    public Path provenance() {
        return folder.resolve(PROVENANCE_FILE);
    }

    public Path lockFile() {
        return folder.resolve(LOCK_FILE);
    }

    public Path log() {
        return folder.resolve(LOG_FILE);
    }

    /** The ledger's key of a dataset: its absolute, normalised folder. */
    public String key() {
        return folder.toString();
    }

    /** The lightcurve products' name stem, {@code <target>_<filter>_lc}. */
    public static String lightcurveStem(String targetName, String filter) {
        return targetName + "_" + filter + "_lc";
    }

    /** The TOM-format lightcurves ({@code *_lc.csv}) in the folder, sorted. */
    public List<Path> lightcurves() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith("_lc.csv")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** The frames in the folder (FITS files, not hidden), sorted by name. */
    public List<Path> frames() throws java.io.IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> frames = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> FitsFiles.isFits(f) && Files.isRegularFile(f)).sorted().forEach(frames::add);
        }
        return frames;
    }

    /** Every dataset folder (one holding a {@code reduction_config.yaml}, three levels down) under a reduction directory. */
    public static List<Dataset> under(Path reductionDir) {
        Path root = reductionDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root, 4)) {
            return walk.filter(p -> p.getFileName().toString().equals(CONFIG_FILE))
                    .map(Path::getParent)
                    .filter(d -> root.relativize(d).getNameCount() == 3)
                    .sorted().map(Dataset::of).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list datasets under " + root, e);
        }
    }

    @Override
    public String toString() {
        return target + "/" + instrument + "/" + subset;
    }
}
