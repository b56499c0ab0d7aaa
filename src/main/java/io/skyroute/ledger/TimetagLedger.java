package io.skyroute.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The time-tag tables (plain JDBC): ingested exposures (hstlc's metadata) and bad data with the reason. */
public final class TimetagLedger {

    /** One ingested event file. */
    public record Exposure(String fileName, String rootname, String target, String instrument, String detector, String grating, String cenwave,
                           String segment, double exptime, double expstartMjd, long events, int bins, String path, String lightcurve,
                           String contentHash) {
    }

    /** A file that failed its checks. */
    public record BadData(String fileName, String reason, String path, Instant recordedAt) {
    }

    private final LedgerDatabase database;

    public TimetagLedger(LedgerDatabase database) {
        this.database = database;
    }

    /** Records (or replaces) an exposure. */
    public void recordExposure(Exposure e) {
        update(c -> {
            try (PreparedStatement delete = c.prepareStatement("delete from timetag_exposures where file_name = ?")) {
                delete.setString(1, e.fileName());
                delete.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into timetag_exposures (file_name, rootname, target, instrument, detector, "
                    + "grating, cenwave, segment, exptime, expstart_mjd, events, bins, path, lightcurve, content_hash, ingested_at) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, e.fileName());
                ps.setString(2, e.rootname());
                ps.setString(3, e.target());
                ps.setString(4, e.instrument());
                ps.setString(5, e.detector());
                ps.setString(6, e.grating());
                ps.setString(7, e.cenwave());
                ps.setString(8, e.segment());
                ps.setDouble(9, e.exptime());
                ps.setDouble(10, e.expstartMjd());
                ps.setLong(11, e.events());
                ps.setInt(12, e.bins());
                ps.setString(13, e.path());
                ps.setString(14, e.lightcurve());
                ps.setString(15, e.contentHash());
                ps.setTimestamp(16, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
        });
    }

    /** The exposures of one composite group, by start time. */
    public List<Exposure> group(String target, String instrument, String grating, String cenwave) {
        return query("select * from timetag_exposures where target = ? and instrument = ? and grating = ? and cenwave = ? order by expstart_mjd, file_name",
                List.of(target, instrument, grating, cenwave));
    }

    public List<Exposure> exposures() {
        return query("select * from timetag_exposures order by file_name", List.of());
    }

    public Optional<Exposure> exposure(String fileName) {
        return query("select * from timetag_exposures where file_name = ?", List.of(fileName)).stream().findFirst();
    }

    /** Records a bad file (or replaces its reason). */
    public void recordBadData(String fileName, String reason, String path) {
        recordBadData(new BadData(fileName, reason, path, Instant.now()));
    }

    public void recordBadData(BadData bad) {
        update(c -> {
            try (PreparedStatement delete = c.prepareStatement("delete from bad_data where file_name = ?")) {
                delete.setString(1, bad.fileName());
                delete.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into bad_data (file_name, reason, path, recorded_at) values (?, ?, ?, ?)")) {
                ps.setString(1, bad.fileName());
                ps.setString(2, bad.reason().length() > 4000 ? bad.reason().substring(0, 4000) : bad.reason());
                ps.setString(3, bad.path());
                ps.setTimestamp(4, Timestamp.from(bad.recordedAt()));
                ps.executeUpdate();
            }
        });
    }

    public List<BadData> badData() {
        List<BadData> out = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select file_name, reason, path, recorded_at from bad_data order by file_name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new BadData(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read bad_data: " + e.getMessage(), e);
        }
        return out;
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void update(Work work) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the time-tag tables: " + e.getMessage(), e);
        }
    }

    private List<Exposure> query(String sql, List<String> parameters) {
        List<Exposure> out = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                ps.setString(i + 1, parameters.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Exposure(rs.getString("file_name"), rs.getString("rootname"), rs.getString("target"), rs.getString("instrument"),
                            rs.getString("detector"), rs.getString("grating"), rs.getString("cenwave"), rs.getString("segment"),
                            rs.getDouble("exptime"), rs.getDouble("expstart_mjd"), rs.getLong("events"), rs.getInt("bins"), rs.getString("path"),
                            rs.getString("lightcurve"), rs.getString("content_hash")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read timetag_exposures: " + e.getMessage(), e);
        }
        return out;
    }
}
