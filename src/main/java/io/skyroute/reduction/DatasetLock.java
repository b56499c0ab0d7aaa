package io.skyroute.reduction;

import io.skyroute.ledger.DatasetLeases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A dataset held for a reduction: the ledger lease (renewed every third of its time to live by a
 * heartbeat) and a {@code dataset.lock} file saying who holds it, for people looking at the folder.
 * Closing gives both back, also after a failure; a crashed holder's lease simply expires.
 */
final class DatasetLock implements AutoCloseable {

    static final String FILE = io.skyroute.pipeline.Dataset.LOCK_FILE;

    private final DatasetLeases leases;
    private final String path;
    private final Path lockFile;
    private final String owner;
    private final ScheduledExecutorService heartbeat;
    private final AtomicBoolean lost = new AtomicBoolean();

    private DatasetLock(DatasetLeases leases, Path dataset, String owner, Duration ttl) {
        this.leases = leases;
        this.path = key(dataset);
        this.lockFile = dataset.resolve(FILE);
        this.owner = owner;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lease-" + dataset.getFileName());
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, ttl.toMillis() / 3);
        heartbeat.scheduleAtFixedRate(() -> {
            try {
                if (!leases.renew(path, owner, ttl)) {
                    lost.set(true);
                }
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(DatasetLock.class).warn("{}: cannot renew the lease: {}", path, e.getMessage());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** The ledger's key of a dataset folder: its absolute, normalised path (as sorting records it). */
    static String key(Path dataset) {
        return io.skyroute.pipeline.Dataset.of(dataset).key();
    }

    /** Takes the dataset, or empty when someone else holds a live lease. */
    static Optional<DatasetLock> take(DatasetLeases leases, Path dataset, String owner, Duration ttl) throws IOException {
        io.skyroute.pipeline.Dataset named = io.skyroute.pipeline.Dataset.of(dataset);
        Path absolute = named.folder();
        if (!leases.acquire(named.key(), named.target(), named.instrument(), named.subset(), owner, ttl)) {
            return Optional.empty();
        }
        DatasetLock lock = new DatasetLock(leases, absolute, owner, ttl);
        Products.text(absolute.resolve(FILE), out -> out.write("owner: " + owner + "\nsince: " + Instant.now()
                + "\nlease: " + ttl.toSeconds() + " s, renewed while the reduction runs\n"));
        return Optional.of(lock);
    }

    /** True when the heartbeat found the lease taken over (it had expired): the run should not write further. */
    boolean lost() {
        return lost.get();
    }

    String owner() {
        return owner;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(DatasetLock.class).warn("{}: cannot remove {}: {}", path, FILE, e.getMessage());
        }
        leases.release(path, owner);
    }
}
