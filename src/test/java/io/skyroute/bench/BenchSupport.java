package io.skyroute.bench;

import java.sql.DriverManager;

/**
 * What the benchmarks share: a fresh PostgreSQL schema per run (dropped at exit), clean-up of work folders, and
 * many frames made of the four real ones (hard links under new names: header reading touches only the headers).
 */
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

    /** The four real frames under src/test/resources/frames (names without .fits.fz). */
    static final String[] REAL = {"ogg0m404-kb82-20170815-1160-e91", "coj0m403-kb98-20170816-0392-e91",
            "ogg0m404-kb82-20170816-0336-e91", "coj0m405-kb97-20170817-0388-e91"};

    /** The real frames copied into {@code originals}. */
    static void copyReal(java.nio.file.Path originals) throws java.io.IOException {
        for (String name : REAL) {
            try (java.io.InputStream in = BenchSupport.class.getResourceAsStream("/frames/" + name + ".fits.fz")) {
                java.nio.file.Files.copy(in, originals.resolve(name + ".fits.fz"));
            }
        }
    }

    /** {@code n} hard links in {@code dir} to the real frames in {@code originals}, each under its own name (tag + number). */
    static java.util.List<java.nio.file.Path> links(java.nio.file.Path originals, java.nio.file.Path dir, int n, String tag) throws java.io.IOException {
        java.util.List<java.nio.file.Path> frames = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = REAL[i % REAL.length];
            frames.add(java.nio.file.Files.createLink(dir.resolve(name.replace("-e91", "-" + tag + i + "-e91") + ".fits.fz"),
                    originals.resolve(name + ".fits.fz")));
        }
        return frames;
    }
}
