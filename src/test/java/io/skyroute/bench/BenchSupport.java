package io.skyroute.bench;

import java.sql.DriverManager;

/** What the benchmarks share: a fresh PostgreSQL schema per run (dropped at exit) and clean-up of work folders. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** A JDBC URL of a new, empty schema on the server at {@code url} (user postgres). */
    static String freshSchema(String url) throws Exception {
        String schema = "skyroute_bench_" + System.currentTimeMillis();
        try (var c = DriverManager.getConnection(url, "postgres", null); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var c = DriverManager.getConnection(url, "postgres", null); var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (Exception e) {
                System.err.println("could not drop " + schema + ": " + e.getMessage());
            }
        }));
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
        try (var walk = java.nio.file.Files.walk(dir)) {
            for (var p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }
}
