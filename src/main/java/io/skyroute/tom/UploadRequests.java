package io.skyroute.tom;

import io.skyroute.pipeline.Dataset;

import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ReductionConfig;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Builds the upload request for a dataset folder from its {@code reduction_config.yaml}: the target's
 * name, {@code tom.data_label} (default {@code <TARGET>_<instrument>_<filter>} from the folder, unique
 * per dataset), {@code tom.config_file}, and the folder's {@code *_lc.csv} lightcurve.
 */
public final class UploadRequests {

    public static final String CONFIG_FILE = io.skyroute.pipeline.Dataset.CONFIG_FILE;

    private final ConfigLoader loader;

    public UploadRequests(ConfigLoader loader) {
        this.loader = loader;
    }

    /** The request for a dataset whose lightcurve exists, or empty when it has none yet. */
    public Optional<UploadRequest> forDataset(Path dataset) {
        Path folder = dataset.toAbsolutePath().normalize();
        ReductionConfig config = loader.load(folder.resolve(CONFIG_FILE), ConfigKind.REDUCTION, ReductionConfig.class);
        return lightcurve(folder).map(lc -> request(folder, lc, config));
    }

    /** The request for a given lightcurve file of a dataset. */
    public UploadRequest forLightcurve(Path dataset, Path lightcurve) {
        Path folder = dataset.toAbsolutePath().normalize();
        return request(folder, lightcurve, loader.load(folder.resolve(CONFIG_FILE), ConfigKind.REDUCTION, ReductionConfig.class));
    }

    /**
     * Whether the dataset's configuration asks for uploads. A folder without one (a time-tag composite, a
     * survey's lightcurves) has asked for nothing; a configuration that is there but broken is still an error.
     */
    public boolean wanted(Path dataset) {
        Path config = dataset.resolve(CONFIG_FILE);
        if (!java.nio.file.Files.exists(config)) {
            return false;
        }
        return loader.load(config, ConfigKind.REDUCTION, ReductionConfig.class).tom().upload();
    }

    private static UploadRequest request(Path folder, Path lightcurve, ReductionConfig config) {
        String label = config.tom().dataLabel() != null && !config.tom().dataLabel().isBlank() ? config.tom().dataLabel()
                : defaultLabel(Dataset.of(folder));
        return new UploadRequest(folder, lightcurve, config.target().name(), label, config.tom().configFile());
    }

    private static Optional<Path> lightcurve(Path folder) {
        return Dataset.of(folder).lightcurves().stream().findFirst();
    }

    /** {@code TARGET_instrument_filter}: unique per dataset. */
    private static String defaultLabel(Dataset dataset) {
        return String.join("_", dataset.target(), dataset.instrument(), dataset.subset());
    }
}
