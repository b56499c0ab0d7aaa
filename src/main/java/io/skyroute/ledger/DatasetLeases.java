package io.skyroute.ledger;

import jakarta.persistence.PersistenceException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Leases on datasets (the {@code lock_owner} / {@code lock_expires_at} columns) and the record of each
 * reduction. A lease is taken when the dataset is free, its lease has expired (a crashed owner) or
 * it is already ours; the holder renews it while it works and gives it back at the end. Sorting reads
 * the same row under a shared lock, so a frame is never moved into a dataset being reduced.
 */
public final class DatasetLeases {

    /** Who holds a dataset and until when. */
    public record Lease(String owner, OffsetDateTime expiresAt) {
    }

    private final LedgerDatabase database;

    public DatasetLeases(LedgerDatabase database) {
        this.database = database;
    }

    /** Takes the lease on a dataset (creating its row if new); false when someone else holds a live one. */
    public boolean acquire(String path, String target, String instrument, String filter, String owner, Duration ttl) {
        return jdbc(connection -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            ensureRow(connection, path, target, instrument, filter, now);
            // a lease taken over starts its age afresh; our own renewed lease keeps its start
            try (PreparedStatement update = connection.prepareStatement("UPDATE datasets SET lock_acquired_at = CASE WHEN lock_owner = ?"
                    + " AND lock_acquired_at IS NOT NULL THEN lock_acquired_at ELSE ? END, lock_owner = ?, lock_expires_at = ?, updated_at = ?"
                    + " WHERE path = ? AND (lock_owner IS NULL OR lock_expires_at IS NULL OR lock_expires_at < ? OR lock_owner = ?)")) {
                update.setString(1, owner);
                update.setObject(2, now);
                update.setString(3, owner);
                update.setObject(4, now.plus(ttl));
                update.setObject(5, now);
                update.setString(6, path);
                update.setObject(7, now);
                update.setString(8, owner);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Extends our lease; false when it is no longer ours (it expired and was taken over). */
    public boolean renew(String path, String owner, Duration ttl) {
        return jdbc(connection -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE datasets SET lock_expires_at = ?, updated_at = ? WHERE path = ? AND lock_owner = ?")) {
                update.setObject(1, now.plus(ttl));
                update.setObject(2, now);
                update.setString(3, path);
                update.setString(4, owner);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Gives the lease back (only if it is still ours). */
    public void release(String path, String owner) {
        jdbc(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE datasets SET lock_owner = NULL, lock_expires_at = NULL, lock_acquired_at = NULL, updated_at = ? WHERE path = ? AND lock_owner = ?")) {
                update.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                update.setString(2, path);
                update.setString(3, owner);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Clears the lease on a dataset whoever holds it (an operator's call, for a holder that is gone or hung);
     * returns the lease that was there, if any.
     */
    public Optional<Lease> forceRelease(String path) {
        Optional<Lease> before = holder(path);
        jdbc(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE datasets SET lock_owner = NULL, lock_expires_at = NULL, lock_acquired_at = NULL, updated_at = ? WHERE path = ?")) {
                update.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                update.setString(2, path);
                return update.executeUpdate();
            }
        });
        return before;
    }

    public Optional<Lease> holder(String path) {
        return jdbc(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT lock_owner, lock_expires_at FROM datasets WHERE path = ?")) {
                select.setString(1, path);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        return Optional.of(new Lease(rs.getString(1), rs.getObject(2, OffsetDateTime.class)));
                    }
                    return Optional.empty();
                }
            }
        });
    }

    /**
     * Records a reduction's start; returns its id. The caller holds the dataset's lease, so a run of it still
     * RUNNING belongs to a holder that died (kill -9, a lost machine) and whose lease was taken over: it is
     * closed as FAILED with that reason, not left running forever in the history.
     */
    public long reductionStarted(String path, String owner, String softwareVersion, String configHash) {
        return jdbc(connection -> {
            long dataset = datasetId(connection, path);
            try (PreparedStatement abandoned = connection.prepareStatement("UPDATE reductions SET status = ?, finished_at = ?, last_error = ?"
                    + " WHERE dataset_id = ? AND status = ?")) {
                abandoned.setString(1, Reduction.Status.FAILED.name());
                abandoned.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                abandoned.setString(3, "stopped before it ended (its process died or lost the lease); the dataset was reduced again by " + owner);
                abandoned.setLong(4, dataset);
                abandoned.setString(5, Reduction.Status.RUNNING.name());
                abandoned.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO reductions (dataset_id, status, owner, software_version,"
                    + " config_hash, started_at) VALUES (?, ?, ?, ?, ?, ?)", new String[]{"id"})) {
                insert.setLong(1, dataset);
                insert.setString(2, Reduction.Status.RUNNING.name());
                insert.setString(3, owner);
                insert.setString(4, softwareVersion);
                insert.setString(5, configHash);
                insert.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /**
     * Marks a dataset as needing attention (its lightcurve failed its own checks) with the reason, or clears
     * the mark (reason null) once a reduction passes them. The first time keeps its date.
     */
    public void attention(String path, String reason) {
        jdbc(connection -> {
            try (PreparedStatement update = connection.prepareStatement(reason == null
                    ? "UPDATE datasets SET attention = NULL, attention_since = NULL WHERE path = ?"
                    : "UPDATE datasets SET attention = ?, attention_since = COALESCE(attention_since, ?) WHERE path = ?")) {
                if (reason == null) {
                    update.setString(1, path);
                } else {
                    update.setString(1, Text.clip(reason, 2000));
                    update.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                    update.setString(3, path);
                }
                update.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Datasets with a frame sorted into them after their last successful reduction started, or never reduced:
     * a stop (a kill, a crash) cut off the reduction their new frames were waiting for, and the in-memory
     * "dataset changed" marks went with the process.
     */
    public List<String> behindTheirFrames() {
        return paths("SELECT d.path FROM datasets d WHERE EXISTS (SELECT 1 FROM frames f"
                + " WHERE f.dataset_id = d.id AND f.status = ? AND NOT EXISTS (SELECT 1 FROM reductions r WHERE r.dataset_id = d.id"
                + " AND r.status = ? AND r.started_at >= f.updated_at)) ORDER BY d.path", "SORTED", Reduction.Status.SUCCEEDED.name());
    }

    /**
     * Datasets whose lightcurve in the folder is one their reduction vouched for: the latest reduction SUCCEEDED and
     * the dataset needs no attention (the attention is recorded before the run is marked SUCCEEDED).
     */
    public List<String> vouchedFor() {
        return paths("SELECT d.path FROM datasets d WHERE d.attention IS NULL"
                + " AND (SELECT r.status FROM reductions r WHERE r.dataset_id = d.id ORDER BY r.started_at DESC, r.id DESC LIMIT 1) = ?"
                + " ORDER BY d.path", Reduction.Status.SUCCEEDED.name());
    }

    /** The dataset paths (the query's first column) a query with string parameters selects. */
    private List<String> paths(String sql, String... parameters) {
        return jdbc(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                List<String> paths = new java.util.ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        paths.add(rs.getString(1));
                    }
                }
                return paths;
            }
        });
    }

    /** Records how a reduction ended: SUCCEEDED with its products and input frames (those the ledger knows), or FAILED with the reason. */
    public void reductionFinished(long reduction, String error, List<String> products, List<String> inputFrames) {
        jdbc(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE reductions SET status = ?, finished_at = ?, last_error = ? WHERE id = ?")) {
                update.setString(1, (error == null ? Reduction.Status.SUCCEEDED : Reduction.Status.FAILED).name());
                update.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                update.setString(3, error == null ? null : Text.clip(error, 4000));
                update.setLong(4, reduction);
                update.executeUpdate();
            }
            try (PreparedStatement output = connection.prepareStatement("INSERT INTO reduction_outputs (reduction_id, path) VALUES (?, ?)")) {
                for (String product : products) {
                    output.setLong(1, reduction);
                    output.setString(2, product);
                    output.addBatch();
                }
                output.executeBatch();
            }
            try (PreparedStatement input = connection.prepareStatement("INSERT INTO reduction_inputs (reduction_id, frame_id)"
                    + " SELECT ?, id FROM frames WHERE path = ?")) {
                for (String frame : inputFrames) {
                    input.setLong(1, reduction);
                    input.setString(2, frame);
                    input.addBatch();
                }
                input.executeBatch();
            }
            return null;
        });
    }

    private static void ensureRow(Connection connection, String path, String target, String instrument, String filter, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM datasets WHERE path = ?")) {
            select.setString(1, path);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try {
            DatasetRows.insert(connection, path, target, instrument, filter, now);
        } catch (SQLException createdConcurrently) {
            // the UNIQUE constraint on path: someone else created it between our SELECT and INSERT
            if (!createdConcurrently.getSQLState().startsWith("23")) {
                throw createdConcurrently;
            }
        }
    }

    /** When the newest successful reduction of the dataset started, if it has one. */
    public Optional<OffsetDateTime> lastSucceededStart(String path) {
        return jdbc(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT MAX(r.started_at) FROM reductions r JOIN datasets d"
                    + " ON r.dataset_id = d.id WHERE d.path = ? AND r.status = ?")) {
                select.setString(1, path);
                select.setString(2, Reduction.Status.SUCCEEDED.name());
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Whether the dataset's newest successful reduction had every frame sorted into it among its inputs (false when
     * no frame is sorted into it or no run succeeded): a job for the dataset then has nothing left to do, whenever
     * it was queued (a job queued again after an outage, while that run was starting, would reduce the same frames).
     */
    public boolean sawEverySortedFrame(String path) {
        return jdbc(connection -> {
            Long newest = null;
            try (PreparedStatement select = connection.prepareStatement("SELECT r.id FROM reductions r JOIN datasets d ON r.dataset_id = d.id"
                    + " WHERE d.path = ? AND r.status = ? ORDER BY r.started_at DESC, r.id DESC LIMIT 1")) {
                select.setString(1, path);
                select.setString(2, Reduction.Status.SUCCEEDED.name());
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        newest = rs.getLong(1);
                    }
                }
            }
            if (newest == null) {
                return false;
            }
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM"
                    + " reduction_inputs i WHERE i.frame_id = f.id AND i.reduction_id = ?) THEN 0 ELSE 1 END) FROM frames f"
                    + " JOIN datasets d ON f.dataset_id = d.id WHERE d.path = ? AND f.status = ?")) {
                count.setLong(1, newest);
                count.setString(2, path);
                count.setString(3, "SORTED");
                try (ResultSet rs = count.executeQuery()) {
                    return rs.next() && rs.getLong(1) > 0 && rs.getLong(2) == 0;
                }
            }
        });
    }

    private static long datasetId(Connection connection, String path) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM datasets WHERE path = ?")) {
            select.setString(1, path);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no dataset row for " + path);
                }
                return rs.getLong(1);
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** One auto-committed connection per call: each statement group stands alone. */
    private <T> T jdbc(Work<T> work) {
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw new PersistenceException("dataset lease: " + e.getMessage(), e);
        }
    }
}
