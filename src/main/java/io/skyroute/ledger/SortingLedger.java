package io.skyroute.ledger;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What sorting records: datasets, where each frame went and the rule that sent it there. */
public final class SortingLedger {

    /** A frame waiting to be sorted again (its dataset was locked). */
    public record Pending(String source, String naturalId, String path, String checksum) {
    }

    private final LedgerDatabase database;

    public SortingLedger(LedgerDatabase database) {
        this.database = database;
    }

    /** Moves a file; runs inside the ledger transaction that records where it went. */
    @FunctionalInterface
    public interface Move {
        String move() throws java.io.IOException;
    }

    /**
     * Puts a frame into its dataset in one transaction: the dataset row is created if new and read with a
     * shared lock, so a reduction cannot take its lease while the file moves; when the dataset is locked
     * nothing moves and empty is returned. Otherwise {@code move} runs and the frame is recorded SORTED.
     */
    public Optional<String> placeUnlessLocked(String datasetPath, String target, String instrument, String filter,
                                              String source, String naturalId, String fileName, String checksum, String rule, Move move) {
        try {
            return database.inTransaction(em -> place(em, datasetPath, target, instrument, filter, source, naturalId, fileName, checksum, rule, move));
        } catch (PersistenceException datasetCreatedConcurrently) {
            return database.inTransaction(em -> place(em, datasetPath, target, instrument, filter, source, naturalId, fileName, checksum, rule, move));
        }
    }

    private static Optional<String> place(EntityManager em, String datasetPath, String target, String instrument, String filter,
                                          String source, String naturalId, String fileName, String checksum, String rule, Move move) {
        Dataset dataset = em.createQuery("select d from Dataset d where d.path = :path", Dataset.class)
                .setParameter("path", datasetPath)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_READ)
                .getResultList().stream().findFirst()
                .orElseGet(() -> {
                    Dataset created = new Dataset(datasetPath, target, instrument, filter);
                    em.persist(created);
                    em.flush();
                    return created;
                });
        if (dataset.isLockedAt(Instant.now())) {
            return Optional.empty();
        }
        String moved;
        try {
            moved = move.move();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (moved == null) {
            return Optional.empty();
        }
        Frame frame = FrameLedger.find(em, source, naturalId).orElseGet(() -> {
            Frame created = new Frame(source, naturalId, fileName, checksum, FrameStatus.SORTED);
            em.persist(created);
            return created;
        });
        frame.setFileName(fileName);
        if (checksum != null) {
            frame.setChecksum(checksum);
        }
        frame.setStatus(FrameStatus.SORTED);
        frame.setPath(moved);
        frame.setSortDecision(rule, null);
        frame.setDataset(dataset);
        return Optional.of(moved);
    }

    public void quarantined(String source, String naturalId, String fileName, String checksum, String path, String rule, String reason) {
        record(source, naturalId, fileName, checksum, path, FrameStatus.QUARANTINED, rule, reason, null);
    }

    public void dropped(String source, String naturalId, String fileName, String checksum, String path, String rule, String reason) {
        record(source, naturalId, fileName, checksum, path, FrameStatus.DROPPED, rule, reason, null);
    }

    /** The frame stays where it landed until its dataset is free; {@link #pending()} lists it. */
    public void waiting(String source, String naturalId, String fileName, String checksum, String path, String reason) {
        record(source, naturalId, fileName, checksum, path, FrameStatus.DOWNLOADED, null, reason, null);
    }

    /**
     * Frames that landed but are not sorted: waiting for a locked dataset, or landed more than
     * {@code settle} ago and never sorted (cut off by a stop). Frames that just landed are left to the
     * route that is sorting them.
     */
    public List<Pending> pending(java.time.Duration settle) {
        return database.inTransaction(em -> em.createQuery(
                        "select f from Frame f where f.status = :status and f.path is not null"
                                + " and (f.sortReason is not null or f.updatedAt < :settled) order by f.updatedAt", Frame.class)
                .setParameter("status", FrameStatus.DOWNLOADED)
                .setParameter("settled", Instant.now().minus(settle))
                .getResultList().stream()
                .map(f -> new Pending(f.getSource(), f.getNaturalId(), f.getPath(), f.getChecksum())).toList());
    }

    private void record(String source, String naturalId, String fileName, String checksum, String path, FrameStatus status,
                        String rule, String reason, String datasetPath) {
        database.inTransactionDo(em -> {
            Frame frame = FrameLedger.find(em, source, naturalId).orElseGet(() -> {
                Frame created = new Frame(source, naturalId, fileName, checksum, status);
                em.persist(created);
                return created;
            });
            frame.setFileName(fileName);
            if (checksum != null) {
                frame.setChecksum(checksum);
            }
            frame.setStatus(status);
            frame.setPath(path);
            frame.setSortDecision(rule, reason);
            frame.setDataset(datasetPath == null ? null : findDataset(em, datasetPath).orElse(null));
        });
    }

    private static Optional<Dataset> findDataset(EntityManager em, String path) {
        return em.createQuery("select d from Dataset d where d.path = :path", Dataset.class)
                .setParameter("path", path).getResultList().stream().findFirst();
    }
}
