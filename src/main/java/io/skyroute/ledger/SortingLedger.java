package io.skyroute.ledger;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** What sorting records: datasets, where each frame went and the rule that sent it there. */
public final class SortingLedger {

    /** A frame waiting to be sorted again (its dataset was locked). */
    public record Pending(String source, String naturalId, String path, String checksum) {
    }

    private final LedgerDatabase database;
    private volatile String sharedLockClause;

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
            return place(datasetPath, target, instrument, filter, source, naturalId, fileName, checksum, rule, move);
        } catch (SQLException datasetCreatedConcurrently) {
            try {
                return place(datasetPath, target, instrument, filter, source, naturalId, fileName, checksum, rule, move);
            } catch (SQLException e) {
                throw new PersistenceException("cannot record the sorting of " + fileName + ": " + e.getMessage(), e);
            }
        }
    }

    /*
     * Plain JDBC on purpose: this is the one statement group every frame runs, and Hibernate's per-transaction
     * work was half of sorting's CPU time (see README, Benchmarks). The tables are the entities' tables.
     */
    private Optional<String> place(String datasetPath, String target, String instrument, String filter,
                                   String source, String naturalId, String fileName, String checksum, String rule, Move move)
            throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                Long datasetId = null;
                boolean locked = false;
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT id, lock_owner, lock_expires_at FROM datasets WHERE path = ?" + sharedLock(c))) {
                    select.setString(1, datasetPath);
                    try (ResultSet rs = select.executeQuery()) {
                        if (rs.next()) {
                            datasetId = rs.getLong(1);
                            OffsetDateTime expires = rs.getObject(3, OffsetDateTime.class);
                            locked = rs.getString(2) != null && expires != null && expires.isAfter(now);
                        }
                    }
                }
                if (datasetId == null) {
                    datasetId = DatasetRows.insert(c, datasetPath, target, instrument, filter, now);
                }
                String moved = locked ? null : move.move();
                if (moved == null) {
                    c.rollback();
                    return Optional.empty();
                }
                recordSorted(c, datasetId, source, naturalId, fileName, checksum, moved, rule, now);
                c.commit();
                return Optional.of(moved);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } catch (java.io.IOException e) {
                c.rollback();
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static void recordSorted(Connection c, long datasetId, String source, String naturalId, String fileName, String checksum,
                                     String moved, String rule, OffsetDateTime now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE frames SET file_name = ?, checksum = COALESCE(?, checksum), status = ?,"
                + " path = ?, sort_rule = ?, sort_reason = NULL, dataset_id = ?, updated_at = ? WHERE source = ? AND natural_id = ?")) {
            update.setString(1, fileName);
            update.setString(2, checksum);
            update.setString(3, FrameStatus.SORTED.name());
            update.setString(4, moved);
            update.setString(5, rule);
            update.setLong(6, datasetId);
            update.setObject(7, now);
            update.setString(8, source);
            update.setString(9, naturalId);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO frames (source, natural_id, file_name, checksum, status, tries,"
                + " path, sort_rule, dataset_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)")) {
            insert.setString(1, source);
            insert.setString(2, naturalId);
            insert.setString(3, fileName);
            insert.setString(4, checksum);
            insert.setString(5, FrameStatus.SORTED.name());
            insert.setString(6, moved);
            insert.setString(7, rule);
            insert.setLong(8, datasetId);
            insert.setObject(9, now);
            insert.setObject(10, now);
            insert.executeUpdate();
        }
    }

    /** A shared row lock where the database has one (PostgreSQL); H2 only has the exclusive one. */
    private String sharedLock(Connection c) throws SQLException {
        if (sharedLockClause == null) {
            sharedLockClause = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")
                    ? " FOR SHARE" : " FOR UPDATE";
        }
        return sharedLockClause;
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

    /** Every dataset folder the ledger knows. */
    public List<String> datasetPaths() {
        return database.inTransaction(em -> em.createQuery("select d.path from Dataset d order by d.path", String.class).getResultList());
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
