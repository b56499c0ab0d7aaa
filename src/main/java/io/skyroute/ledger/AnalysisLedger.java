package io.skyroute.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The analysis tables (plain JDBC: wide rows written whole, no entity life cycle to manage): the
 * statistics table, one row per lightcurve file and filter, and its detections, real and simulated.
 * A lightcurve's rows are replaced in one transaction, so a reader sees the old analysis or the new.
 */
public final class AnalysisLedger {

    /** The statistics columns after {@code points}, in the table's order (values may be NaN = NULL). */
    public static final List<String> STATISTICS = List.of("span_days", "cadence_days", "mean_value", "weighted_mean", "median_value",
            "clipped_mean", "robust_rms", "chi2_red", "excess_variance", "poisson_ratio", "pearson_r", "pearson_p", "von_neumann",
            "best_period", "best_power", "fap", "amplitude");

    /** One row of the statistics table; {@code values} keyed by {@link #STATISTICS}. */
    public record StatsRow(String lightcurve, String filter, String contentHash, String datasetPath, String target, String instrument,
                           int points, Map<String, Double> values, String kind, String histogramsJson, Instant computedAt) {
    }

    /** A detection: real ({@code simulated} false) or an injection trial (missed ones have no detection fields). */
    public record DetectionRow(String lightcurve, String filter, boolean simulated, Integer season, Double start, Double end, Double peakTime,
                               Double peakSnr, Double peakDeltaMag, Integer epochs, Integer flaggedEpochs, String injectedKind,
                               Double injectedAmplitude, Double injectedWidth, Double injectedTime, Boolean recovered) {
    }

    private final LedgerDatabase database;

    public AnalysisLedger(LedgerDatabase database) {
        this.database = database;
    }

    /** The content hash the lightcurve was last analysed at (any filter), if it was. */
    public Optional<String> analysedHash(String lightcurve) {
        return query("select content_hash from lightcurve_stats where lightcurve = ?", ps -> ps.setString(1, lightcurve),
                rs -> rs.getString(1)).stream().findFirst();
    }

    /** Replaces every row of these lightcurves with the given ones. */
    public void replace(List<String> lightcurves, List<StatsRow> stats, List<DetectionRow> detections) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                for (String lightcurve : lightcurves) {
                    for (String table : List.of("detections", "lightcurve_stats")) {
                        try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where lightcurve = ?")) {
                            ps.setString(1, lightcurve);
                            ps.executeUpdate();
                        }
                    }
                }
                insertStats(c, stats);
                insertDetections(c, detections);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the analysis of " + lightcurves + ": " + e.getMessage(), e);
        }
    }

    private static void insertStats(Connection c, List<StatsRow> stats) throws SQLException {
        String columns = "lightcurve, filter_name, content_hash, dataset_path, target, instrument, points, " + String.join(", ", STATISTICS)
                + ", class_name, histograms, computed_at";
        String marks = String.join(", ", java.util.Collections.nCopies(7 + STATISTICS.size() + 3, "?"));
        try (PreparedStatement ps = c.prepareStatement("insert into lightcurve_stats (" + columns + ") values (" + marks + ")")) {
            for (StatsRow row : stats) {
                int i = 1;
                ps.setString(i++, row.lightcurve());
                ps.setString(i++, row.filter());
                ps.setString(i++, row.contentHash());
                ps.setString(i++, row.datasetPath());
                ps.setString(i++, row.target());
                ps.setString(i++, row.instrument());
                ps.setInt(i++, row.points());
                for (String column : STATISTICS) {
                    setDouble(ps, i++, row.values().get(column));
                }
                ps.setString(i++, row.kind());
                ps.setString(i++, row.histogramsJson());
                ps.setTimestamp(i, Timestamp.from(row.computedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertDetections(Connection c, List<DetectionRow> detections) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into detections (lightcurve, filter_name, simulated, season, start_time, end_time, "
                + "peak_time, peak_snr, peak_delta_mag, epochs, flagged_epochs, injected_kind, injected_amplitude, injected_width, injected_time, "
                + "recovered, computed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Timestamp now = Timestamp.from(Instant.now());
            for (DetectionRow d : detections) {
                ps.setString(1, d.lightcurve());
                ps.setString(2, d.filter());
                ps.setBoolean(3, d.simulated());
                setInt(ps, 4, d.season());
                setDouble(ps, 5, d.start());
                setDouble(ps, 6, d.end());
                setDouble(ps, 7, d.peakTime());
                setDouble(ps, 8, d.peakSnr());
                setDouble(ps, 9, d.peakDeltaMag());
                setInt(ps, 10, d.epochs());
                setInt(ps, 11, d.flaggedEpochs());
                ps.setString(12, d.injectedKind());
                setDouble(ps, 13, d.injectedAmplitude());
                setDouble(ps, 14, d.injectedWidth());
                setDouble(ps, 15, d.injectedTime());
                if (d.recovered() == null) {
                    ps.setNull(16, Types.BOOLEAN);
                } else {
                    ps.setBoolean(16, d.recovered());
                }
                ps.setTimestamp(17, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Every row of the statistics table, by lightcurve and filter. */
    public List<StatsRow> statistics() {
        return query("select * from lightcurve_stats order by lightcurve, filter_name", ps -> {
        }, rs -> {
            Map<String, Double> values = new LinkedHashMap<>();
            for (String column : STATISTICS) {
                double v = rs.getDouble(column);
                values.put(column, rs.wasNull() ? Double.NaN : v);
            }
            return new StatsRow(rs.getString("lightcurve"), rs.getString("filter_name"), rs.getString("content_hash"), rs.getString("dataset_path"),
                    rs.getString("target"), rs.getString("instrument"), rs.getInt("points"), values, rs.getString("class_name"),
                    rs.getString("histograms"), rs.getTimestamp("computed_at").toInstant());
        });
    }

    /** Every dataset folder the ledger knows (where its lightcurves are). */
    public List<String> datasetPaths() {
        return query("select path from datasets order by path", ps -> {
        }, rs -> rs.getString(1));
    }

    /** A lightcurve's detections (real first, then simulated). */
    public List<DetectionRow> detections(String lightcurve) {
        return query("select * from detections where lightcurve = ? order by simulated, filter_name, id", ps -> ps.setString(1, lightcurve), rs ->
                new DetectionRow(rs.getString("lightcurve"), rs.getString("filter_name"), rs.getBoolean("simulated"), integer(rs, "season"),
                        real(rs, "start_time"), real(rs, "end_time"), real(rs, "peak_time"), real(rs, "peak_snr"), real(rs, "peak_delta_mag"),
                        integer(rs, "epochs"), integer(rs, "flagged_epochs"), rs.getString("injected_kind"), real(rs, "injected_amplitude"),
                        real(rs, "injected_width"), real(rs, "injected_time"), bool(rs, "recovered")));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, Mapper<T> mapper) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the analysis tables: " + e.getMessage(), e);
        }
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null || !Double.isFinite(value)) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static Double real(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Boolean bool(ResultSet rs, String column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }
}
