package io.skyroute.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** The one INSERT of a {@code datasets} row, shared by sorting and the reduction leases (plain JDBC, see SortingLedger). */
final class DatasetRows {

    private DatasetRows() {
    }

    /** Inserts the row and returns its id; a concurrent insert of the same path fails on the UNIQUE constraint (SQL state 23...). */
    static long insert(Connection connection, String path, String target, String instrument, String filter, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO datasets (path, target, instrument, filter_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                new String[]{"id"})) {
            insert.setString(1, path);
            insert.setString(2, target);
            insert.setString(3, instrument);
            insert.setString(4, filter);
            insert.setObject(5, now);
            insert.setObject(6, now);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
