package io.skyroute.ledger;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.util.Objects;
import java.util.Optional;

/** The frame list: what each source has delivered, keyed by source + the source's own id. */
public final class FrameLedger {

    /** What recording a landed frame found in the list. */
    public enum Arrival {
        /** Never seen before. */
        NEW,
        /** Seen before with another checksum: to be processed again. */
        CHANGED,
        /** Seen before with the same checksum. */
        UNCHANGED
    }

    private final LedgerDatabase database;

    public FrameLedger(LedgerDatabase database) {
        this.database = database;
    }

    /**
     * Records a frame that has landed (verified and renamed into place). Safe under concurrent
     * arrival of the same frame: the UNIQUE (source, natural_id) constraint decides who inserts,
     * and the loser records its arrival as an update.
     */
    public Arrival recordLanded(String source, String naturalId, String fileName, String checksum, String path) {
        try {
            return database.inTransaction(em -> upsertLanded(em, source, naturalId, fileName, checksum, path));
        } catch (PersistenceException raceLost) {
            return database.inTransaction(em -> upsertLanded(em, source, naturalId, fileName, checksum, path));
        }
    }

    public Optional<Frame> find(String source, String naturalId) {
        return database.inTransaction(em -> find(em, source, naturalId));
    }

    /** Counts an attempt before the work starts, so a crash mid-work still shows in {@code tries}. */
    public void startAttempt(String source, String naturalId) {
        database.inTransactionDo(em -> find(em, source, naturalId).ifPresent(Frame::incrementTries));
    }

    /** Records a frame as landed: called only after the verified file has been renamed into place. */
    public void markDownloaded(String source, String naturalId, String fileName, String checksum, String path) {
        database.inTransactionDo(em -> {
            Frame frame = find(em, source, naturalId).orElseGet(() -> {
                Frame created = new Frame(source, naturalId, fileName, checksum, FrameStatus.DOWNLOADED);
                em.persist(created);
                return created;
            });
            frame.setFileName(fileName);
            frame.setChecksum(checksum);
            frame.setStatus(FrameStatus.DOWNLOADED);
            frame.setLastError(null);
            frame.setPath(path);
            frame.setSortDecision(null, null);
        });
    }

    /**
     * Sends a frame given up on (FAILED) back to the start: DISCOVERED, so the source's next pass admits and
     * fetches it again. Returns false when the frame is unknown or not FAILED.
     */
    public boolean requeue(String source, String naturalId) {
        return database.inTransaction(em -> find(em, source, naturalId).filter(f -> f.getStatus() == FrameStatus.FAILED).map(f -> {
            f.setStatus(FrameStatus.DISCOVERED);
            f.setLastError(null);
            return true;
        }).orElse(false));
    }

    /** Every frame of a source, oldest first, for the human-readable frame list export. */
    public java.util.List<Frame> framesOf(String source) {
        return database.inTransaction(em -> em.createQuery(
                        "select f from Frame f where f.source = :source order by f.createdAt, f.id", Frame.class)
                .setParameter("source", source).getResultList());
    }

    private static Arrival upsertLanded(EntityManager em, String source, String naturalId, String fileName, String checksum, String path) {
        Optional<Frame> existing = find(em, source, naturalId);
        if (existing.isEmpty()) {
            Frame frame = new Frame(source, naturalId, fileName, checksum, FrameStatus.DOWNLOADED);
            frame.incrementTries();
            frame.setPath(path);
            em.persist(frame);
            em.flush();
            return Arrival.NEW;
        }
        Frame frame = existing.get();
        frame.setFileName(fileName);
        frame.setPath(path);
        frame.setStatus(FrameStatus.DOWNLOADED); // it is in the download folder again, to be sorted
        frame.setSortDecision(null, null);
        if (Objects.equals(frame.getChecksum(), checksum)) {
            return Arrival.UNCHANGED;
        }
        frame.setChecksum(checksum);
        frame.setLastError(null);
        return Arrival.CHANGED;
    }

    static Optional<Frame> find(EntityManager em, String source, String naturalId) {
        return em.createQuery("select f from Frame f where f.source = :source and f.naturalId = :id", Frame.class)
                .setParameter("source", source).setParameter("id", naturalId)
                .getResultList().stream().findFirst();
    }
}
