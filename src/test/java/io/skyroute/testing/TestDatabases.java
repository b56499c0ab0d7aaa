package io.skyroute.testing;

import io.skyroute.config.DatabaseConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The databases ledger tests run against: H2 in file mode always, and the real PostgreSQL server at
 * {@code SKYROUTE_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}) whenever it answers.
 * Under CI ({@code CI=true}) an unreachable PostgreSQL fails the test instead of skipping it.
 * Each PostgreSQL use gets a fresh schema of its own, so runs never see each other's rows.
 */
public final class TestDatabases {

    private static final List<String> CREATED_SCHEMAS = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropCreatedSchemas, "drop-test-schemas"));
    }

    private TestDatabases() {
    }

    private static synchronized void dropCreatedSchemas() {
        if (CREATED_SCHEMAS.isEmpty()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(postgresUrl(), postgresUser(), null); Statement s = c.createStatement()) {
            for (String schema : CREATED_SCHEMAS) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            System.err.println("could not drop the test schemas " + CREATED_SCHEMAS + ": " + e.getMessage());
        }
    }

    /** The first column of the first row of {@code sql} on the database (a count, in the daemon-process tests). */
    public static long count(DatabaseConfig database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), null); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static DatabaseConfig h2(Path dir) {
        return new DatabaseConfig("jdbc:h2:file:" + dir.toAbsolutePath().resolve("ledger") + ";AUTO_SERVER=TRUE", "sa", null, 3);
    }

    public static String postgresUrl() {
        String fromEnv = System.getenv("SKYROUTE_TEST_PG_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return System.getProperty("skyroute.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static String postgresUser() {
        String user = System.getenv("SKYROUTE_TEST_PG_USER");
        return user == null || user.isBlank() ? "postgres" : user;
    }

    /** A fresh schema on the test PostgreSQL server; skipped when unreachable outside CI. */
    public static DatabaseConfig postgres() {
        String url = postgresUrl();
        String schema = "skyroute_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, postgresUser(), null); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            synchronized (TestDatabases.class) {
                CREATED_SCHEMAS.add(schema);
            }
        } catch (SQLException e) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            if (ci) {
                throw new AssertionError("CI=true but PostgreSQL at " + url + " is not reachable: " + e.getMessage(), e);
            }
            assumeTrue(false, "PostgreSQL at " + url + " is not reachable: " + e.getMessage());
        }
        String withSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new DatabaseConfig(withSchema, postgresUser(), null, 3);
    }

    public static DatabaseConfig of(String kind, Path dir) {
        return kind.equals("h2") ? h2(dir) : postgres();
    }
}
