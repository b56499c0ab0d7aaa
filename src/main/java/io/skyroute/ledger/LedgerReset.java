package io.skyroute.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * hstlc's {@code reset_hstlc_database [table|all|production]}: empties ledger tables. {@code production}
 * (the default) is the derived tables — time-tag metadata, the statistics table and detections — which the
 * next ingest and analysis build again. A table named alone takes the tables that refer to it with it.
 * What cannot be derived again — {@code bad_data} and the dead letters' reasons — is written to a JSON file
 * first and put back after the reset, as hstlc does with its bad_data text file.
 */
public final class LedgerReset {

    /** Every table, children before parents (the order rows are deleted in). */
    public static final List<String> TABLES = List.of("detections", "lightcurve_stats", "survey_products", "reduction_outputs", "reduction_inputs", "uploads",
            "reductions", "dead_letters", "frames", "datasets", "camel_messageprocessed", "timetag_exposures", "bad_data", "cluster_nodes");
    public static final List<String> PRODUCTION = List.of("timetag_exposures", "lightcurve_stats", "detections", "survey_products");
    /** Kept across any reset: exported, emptied, put back. */
    public static final List<String> KEPT = List.of("bad_data", "dead_letters");

    private static final Map<String, List<String>> REFERRED_BY = Map.of(
            "datasets", List.of("frames", "reductions", "uploads"),
            "frames", List.of("reduction_inputs"),
            "reductions", List.of("reduction_inputs", "reduction_outputs"));

    /** What a reset will do: the tables in deletion order, their row counts now, and where the kept rows go. */
    public record Plan(List<String> tables, Map<String, Long> rows, Path export) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final LedgerDatabase database;

    public LedgerReset(LedgerDatabase database) {
        this.database = database;
    }

    /** The tables {@code what} names: production, all, or one table (with those referring to it). */
    public static List<String> tables(String what) {
        String w = what.toLowerCase(Locale.ROOT);
        if (w.equals("all")) {
            return TABLES;
        }
        if (w.equals("production")) {
            return PRODUCTION.stream().sorted((a, b) -> TABLES.indexOf(a) - TABLES.indexOf(b)).toList();
        }
        if (!TABLES.contains(w)) {
            throw new IllegalArgumentException("unknown table '" + what + "': one of production, all, " + String.join(", ", TABLES));
        }
        Set<String> closure = new LinkedHashSet<>();
        collect(w, closure);
        return TABLES.stream().filter(closure::contains).toList();
    }

    private static void collect(String table, Set<String> into) {
        if (into.add(table)) {
            REFERRED_BY.getOrDefault(table, List.of()).forEach(t -> collect(t, into));
        }
    }

    public Plan plan(String what, Path exportFolder) {
        List<String> tables = tables(what);
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + t)) {
                    rs.next();
                    rows.put(t, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the rows to reset: " + e.getMessage(), e);
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        return new Plan(tables, rows, exportFolder.resolve("ledger-reset-" + stamp + ".json"));
    }

    /** Carries out the plan in one transaction; returns the rows deleted per table (kept rows put back are not counted as lost). */
    public Map<String, Long> execute(Plan plan) throws IOException {
        Map<String, Long> deleted = new LinkedHashMap<>();
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, List<Map<String, Object>>> kept = new LinkedHashMap<>();
                for (String t : KEPT) {
                    if (plan.tables().contains(t) || (t.equals("dead_letters") && plan.tables().contains("frames"))) {
                        kept.put(t, rows(c, t));
                    }
                }
                if (!kept.isEmpty()) {
                    Files.createDirectories(plan.export().toAbsolutePath().getParent());
                    JSON.writeValue(plan.export().toFile(), kept);
                }
                if (plan.tables().contains("frames") && !plan.tables().contains("dead_letters")) {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("update dead_letters set frame_id = null");
                    }
                }
                for (String t : plan.tables()) {
                    try (Statement s = c.createStatement()) {
                        deleted.put(t, (long) s.executeUpdate("delete from " + t));
                    }
                }
                for (Map.Entry<String, List<Map<String, Object>>> e : kept.entrySet()) {
                    if (plan.tables().contains(e.getKey())) {
                        putBack(c, e.getKey(), e.getValue(), plan.tables().contains("frames"));
                    }
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the reset failed and was rolled back: " + e.getMessage(), e);
        }
        return deleted;
    }

    private static List<Map<String, Object>> rows(Connection c, String table) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from " + table + " order by id")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String column = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
                    if (!column.equals("id")) {
                        Object v = rs.getObject(i);
                        row.put(column, v instanceof java.sql.Timestamp ts ? ts.toInstant().toString()
                                : v instanceof java.time.OffsetDateTime odt ? odt.toInstant().toString() : v);
                    }
                }
                out.add(row);
            }
        }
        return out;
    }

    private static void putBack(Connection c, String table, List<Map<String, Object>> rows, boolean framesGone) throws SQLException {
        for (Map<String, Object> row : rows) {
            List<String> columns = new ArrayList<>(row.keySet());
            String sql = "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                    + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < columns.size(); i++) {
                    Object v = row.get(columns.get(i));
                    if (columns.get(i).equals("frame_id") && framesGone) {
                        v = null;
                    }
                    if (v instanceof String s && columns.get(i).endsWith("_at")) {
                        ps.setTimestamp(i + 1, v == null ? null : java.sql.Timestamp.from(Instant.parse(s)));
                    } else {
                        ps.setObject(i + 1, v);
                    }
                }
                ps.executeUpdate();
            }
        }
    }
}
