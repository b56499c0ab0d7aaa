package io.skyroute.reduction;

import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ReductionConfig;
import io.skyroute.ledger.DatasetLeases;
import io.skyroute.pipeline.Checksums;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reduces one dataset under its lock and records the run in the ledger: reads and hashes its
 * {@code reduction_config.yaml}, takes the dataset (or reports it locked), runs the
 * {@link AperturePipeline}, records the products and input frames, and gives the dataset back.
 */
public final class DatasetReducer implements AutoCloseable {

    public static final String CONFIG_FILE = io.skyroute.pipeline.Dataset.CONFIG_FILE;
    /** How long a lease lives without a heartbeat: a crashed reduction frees its dataset after this. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

    /** The outcome for a dataset: the pipeline's result, or who holds the dataset. */
    public record Outcome(String dataset, AperturePipeline.Result result, String lockedBy) {

        public boolean locked() {
            return lockedBy != null;
        }
    }

    private final DatasetLeases leases;
    private final ConfigLoader loader;
    private final Reduce pipeline;
    private final AutoCloseable owned;

    /** One run of the pipeline on a dataset (the aperture pipeline; a test may put a failing one in its place). */
    @FunctionalInterface
    interface Reduce {
        AperturePipeline.Result reduce(Path dataset, ReductionConfig config, String configHash, boolean updatePhotometry) throws IOException;
    }
    private final String softwareVersion;
    private final Duration leaseTtl;
    private final String owner;

    public DatasetReducer(DatasetLeases leases, ConfigLoader loader, String softwareVersion, Duration leaseTtl) {
        this(leases, loader, softwareVersion, leaseTtl, io.skyroute.photometry.fits.FitsImageReader.DEFAULT_MAX_PIXELS, 2,
                io.skyroute.config.ReductionSettings.DEFAULT_STORED_TABLE_CACHE, false);
    }

    /**
     * @param maxImagePixels   frames with larger images are excluded unread (reduction.max_image_pixels)
     * @param framesInFlight   frames decoded and measured at once over all datasets (reduction.frames_in_flight)
     * @param storedTableCache stored measurements kept in memory between runs (reduction.stored_table_cache)
     * @param watchStoredTables their folders watched for changes instead of each table checked (reduction.watch_stored_tables)
     */
    public DatasetReducer(DatasetLeases leases, ConfigLoader loader, String softwareVersion, Duration leaseTtl, long maxImagePixels,
                          int framesInFlight, long storedTableCache, boolean watchStoredTables) {
        this(leases, loader, softwareVersion, leaseTtl,
                new AperturePipeline(softwareVersion, maxImagePixels, framesInFlight, new StoredTables(storedTableCache, watchStoredTables)));
    }

    private DatasetReducer(DatasetLeases leases, ConfigLoader loader, String softwareVersion, Duration leaseTtl, AperturePipeline pipeline) {
        this(leases, loader, softwareVersion, leaseTtl, pipeline::reduce, pipeline);
    }

    DatasetReducer(DatasetLeases leases, ConfigLoader loader, String softwareVersion, Duration leaseTtl, Reduce pipeline) {
        this(leases, loader, softwareVersion, leaseTtl, pipeline, () -> { });
    }

    private DatasetReducer(DatasetLeases leases, ConfigLoader loader, String softwareVersion, Duration leaseTtl, Reduce pipeline,
                           AutoCloseable owned) {
        this.leases = leases;
        this.loader = loader;
        this.pipeline = pipeline;
        this.owned = owned;
        this.softwareVersion = softwareVersion;
        this.leaseTtl = leaseTtl;
        this.owner = ManagementFactory.getRuntimeMXBean().getName();
    }

    public Outcome reduce(Path dataset, boolean updatePhotometry) throws IOException {
        Path configFile = dataset.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException(dataset + ": no " + CONFIG_FILE + " (is this a dataset folder?)");
        }
        ReductionConfig config = loader.load(configFile, ConfigKind.REDUCTION, ReductionConfig.class);
        String configHash = Checksums.sha256(configFile);
        String runOwner = owner + "/" + Thread.currentThread().getName();
        Optional<DatasetLock> taken = DatasetLock.take(leases, dataset, runOwner, leaseTtl);
        if (taken.isEmpty()) {
            return new Outcome(dataset.toString(), null, leases.holder(DatasetLock.key(dataset)).map(DatasetLeases.Lease::owner).orElse("someone"));
        }
        try (DatasetLock lock = taken.get()) {
            long reduction = leases.reductionStarted(DatasetLock.key(dataset), lock.owner(), softwareVersion, configHash);
            try {
                AperturePipeline.Result result = pipeline.reduce(dataset, config, configHash, updatePhotometry);
                if (lock.lost()) {
                    throw new IllegalStateException(dataset + ": the lease expired during the reduction and was taken over;"
                            + " its products may be replaced by the new holder's");
                }
                List<String> inputs = result.lightcurve().stream().map(p -> DatasetLock.key(dataset.resolve(p.frame()))).toList();
                // a lightcurve that failed its own checks puts the dataset in need of attention; one that passes clears it.
                // Before the run is SUCCEEDED: a stop in between must not leave a failed lightcurve looking vouched for
                leases.attention(DatasetLock.key(dataset), result.attention());
                leases.reductionFinished(reduction, null, result.products().stream().map(DatasetLock::key).toList(), inputs);
                return new Outcome(dataset.toString(), result, null);
            } catch (IOException | RuntimeException e) {
                leases.reductionFinished(reduction, reason(e), List.of(), List.of());
                throw e;
            } catch (Error e) {
                // out of memory and the like: the run still ends FAILED with a reason, the lease is given back (the
                // try-with-resources), and the route sees a failure it can dead-letter instead of a dying thread
                leases.reductionFinished(reduction, reason(e), List.of(), List.of());
                throw new io.skyroute.pipeline.PermanentFailure(dataset + ": " + reason(e), e);
            }
        }
    }

    /** A readable reason: what went wrong in words, with the exception's kind when its message alone says little. */
    static String reason(Throwable e) {
        String message = e.getMessage();
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + message + "); the frames may be larger than the heap allows: see reduction.max_image_pixels and -Xmx";
        }
        if (message == null || message.isBlank() || message.matches("-?\\d+")) {
            return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
        return message;
    }

    /** Stops watching the stored tables' folders (the daemon's shutdown). */
    @Override
    public void close() throws Exception {
        owned.close();
    }
}
