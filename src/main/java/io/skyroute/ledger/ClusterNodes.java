package io.skyroute.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The node registry: each daemon's heartbeat (plain JDBC upserts every check-in). */
public final class ClusterNodes {

    /** One node as the registry last heard of it. */
    public record Node(String nodeId, String host, String role, Instant startedAt, Instant lastSeen, int jobsInFlight, long jobsDone) {
    }

    private final LedgerDatabase database;

    public ClusterNodes(LedgerDatabase database) {
        this.database = database;
    }

    public void checkIn(String nodeId, String host, String role, Instant startedAt, int inFlight, long done) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement(
                    "update cluster_nodes set host = ?, role = ?, started_at = ?, last_seen = ?, jobs_in_flight = ?, jobs_done = ? where node_id = ?")) {
                update.setString(1, host);
                update.setString(2, role);
                update.setTimestamp(3, Timestamp.from(startedAt));
                update.setTimestamp(4, Timestamp.from(Instant.now()));
                update.setInt(5, inFlight);
                update.setLong(6, done);
                update.setString(7, nodeId);
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement("insert into cluster_nodes (node_id, host, role, started_at, last_seen, "
                            + "jobs_in_flight, jobs_done) values (?, ?, ?, ?, ?, ?, ?)")) {
                        insert.setString(1, nodeId);
                        insert.setString(2, host);
                        insert.setString(3, role);
                        insert.setTimestamp(4, Timestamp.from(startedAt));
                        insert.setTimestamp(5, Timestamp.from(Instant.now()));
                        insert.setInt(6, inFlight);
                        insert.setLong(7, done);
                        insert.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check in to the node registry: " + e.getMessage(), e);
        }
    }

    public List<Node> nodes() {
        List<Node> out = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select * from cluster_nodes order by node_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Node(rs.getString("node_id"), rs.getString("host"), rs.getString("role"), rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("last_seen").toInstant(), rs.getInt("jobs_in_flight"), rs.getLong("jobs_done")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the node registry: " + e.getMessage(), e);
        }
        return out;
    }
}
