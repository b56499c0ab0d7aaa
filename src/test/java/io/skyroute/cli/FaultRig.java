package io.skyroute.cli;

import io.skyroute.config.DatabaseConfig;
import io.skyroute.testing.LcoArchiveStandIn;
import io.skyroute.testing.LcoArchiveStandIn.StoredFrame;
import io.skyroute.testing.TestDatabases;
import io.skyroute.testing.TomStandIn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What every part of the fault suite stands on: a work folder with a daemon configuration fed by the LCO stand-in
 * and delivering to the TOM stand-in, frames for the archive, the packaged daemon started on it, and the checks of
 * what a run left behind. The table of outcomes is {@link FaultTable}.
 */
final class FaultRig {

    /** How big a run is: {@code -Dskyroute.faults=full} for the sizes, else the reduced size of the suite. */
    record Scale(String name, int frames, int kills, int outageSeconds, long seed) {

        static Scale chosen() {
            long seed = Long.getLong("skyroute.faults.seed", 23L);
            return full() ? new Scale("full", 500, 20, 60, seed) : new Scale("ci", 40, 4, 15, seed);
        }

        static boolean full() {
            return "full".equals(System.getProperty("skyroute.faults"));
        }

        /** {@code full} at the size, {@code reduced} in the suite. */
        int pick(int full, int reduced) {
            return "full".equals(name) ? full : reduced;
        }
    }

    static final Scale SCALE = Scale.chosen();
    static final String TOKEN = "fault-suite-lco-token-57";
    static final String TOM_PASSWORD = "fault-suite-tom-pw-91";
    static final List<String> ORIGINALS = List.of("coj0m403-kb98-20170816-0392-e91", "ogg0m404-kb82-20170816-0336-e91",
            "coj0m405-kb97-20170817-0388-e91", "ogg0m404-kb82-20170815-1160-e91");

    /** Lines a part adds to the generated files: to data_download.yaml and to skyroute.yaml (keys the base leaves out). */
    record Extra(String download, String skyroute) {
        static final Extra NONE = new Extra("", "");
    }

    final Path work;
    /** Everything the daemons said or answered, for the secrets scan. */
    final List<String> produced = new ArrayList<>();

    FaultRig(Path work) {
        this.work = work;
    }

    DaemonProcess start(Path config) throws Exception {
        return start(config, DaemonProcess.freePort());
    }

    DaemonProcess start(Path config, int managementPort) throws Exception {
        return start(config, managementPort, Map.of());
    }

    /** With more environment (other sources' secrets and hosts). */
    DaemonProcess start(Path config, int managementPort, Map<String, String> environment) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.putAll(Map.of("LCO_TOKEN", TOKEN, "SKYROUTE_TEST_TOM_PW", TOM_PASSWORD, "SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(managementPort)));
        return DaemonProcess.start(work, config, List.of(), env);
    }

    /** {@code count} frames: the four sample frames again and again under new names (each its own frame for the archive and the ledger). */
    Map<Long, StoredFrame> addFrames(LcoArchiveStandIn archive, int count) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        for (String original : ORIGINALS) {
            try (InputStream in = FaultRig.class.getResourceAsStream("/frames/" + original + ".fits.fz")) {
                contents.add(in.readAllBytes());
            }
        }
        Map<Long, StoredFrame> frames = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            long id = 10_000 + i;
            String name = ORIGINALS.get(i % ORIGINALS.size()) + "-c" + String.format("%04d", i);
            frames.put(id, archive.add(new StoredFrame(id, name, "P1", Instant.now().minus(Duration.ofHours(1)), "EXPOSE", 91, "kb",
                    "PDS 110", "x", contents.get(i % ORIGINALS.size()))));
        }
        return frames;
    }

    Path config(DatabaseConfig database, LcoArchiveStandIn archive, TomStandIn tom) throws IOException {
        return config(database, archive, tom, Extra.NONE);
    }

    /** skyroute.yaml and the seed files it names: LCO polled every 2 s, fast debounce and leases, the TOM uploading. */
    Path config(DatabaseConfig database, LcoArchiveStandIn archive, TomStandIn tom, Extra extra) throws IOException {
        Path template = Files.writeString(work.resolve("red_template.yaml"), """
                target: {name: PDS_110, RA: "05:23:30.99", Dec: "-01:04:24.0"}
                photometry:
                  aperture_arcsec: 6.96
                  comparison_stars: ["80.965269 -1.386212", "80.859825 -1.327019"]
                tom: {upload: true}
                """);
        Path download = Files.writeString(work.resolve("data_download.yaml"), """
                archives:
                    lco: {url: '%s', token_envvar: LCO_TOKEN, proposals: [P1]}
                data_download_dir: '%s'
                data_reduction_dir: '%s'
                """.formatted(archive.url(), work.resolve("var/downloads/lco"), work.resolve("var/reduction")) + extra.download());
        Path tomConfig = Files.writeString(work.resolve("tom_config.yaml"),
                "url: " + tom.url() + "\ntom_user_id: pipeline\ntom_password_envvar: SKYROUTE_TEST_TOM_PW\n");
        return Files.writeString(work.resolve("skyroute.yaml"), """
                data_dir: %s
                database: {url: '%s', user: %s}
                download: %s
                drop: {enabled: false}
                sorting: {default_red_config: %s, pending_period_ms: 2000, pending_settle_ms: 3000}
                schedules: {lco_poll: '0/2 * * * * ?'}
                reduction: {debounce_ms: 1500, due_check_ms: 500, lease_seconds: 6}
                analysis: {enabled: false}
                tom: %s
                """.formatted(work.resolve("var"), database.url(), database.user(), download, template, tomConfig) + extra.skyroute());
    }

    /** Every frame sorted, no reduction running, and each dataset's final lightcurve the one the TOM holds. */
    boolean settled(DatabaseConfig database, TomStandIn tom, int frames) {
        try {
            if (count(database, "select count(*) from frames where status = 'SORTED'") < frames
                    || count(database, "select count(*) from reductions where status = 'RUNNING'") > 0) {
                return false;
            }
            try (Stream<Path> files = Files.walk(work.resolve("var/reduction"))) {
                List<Path> lightcurves = files.filter(p -> p.getFileName().toString().endsWith("_lc.csv")).toList();
                if (lightcurves.size() < count(database, "select count(*) from datasets")) {
                    return false;
                }
                for (Path lightcurve : lightcurves) {
                    String content = Files.readString(lightcurve);
                    if (tom.products().stream().noneMatch(p -> p.content().equals(content))) {
                        return false;
                    }
                }
                return !lightcurves.isEmpty();
            }
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits for {@link #settled}; a run that does not settle fails with the ledger's state. */
    void awaitSettled(DaemonProcess daemon, DatabaseConfig database, TomStandIn tom, int frames, int seconds) throws Exception {
        try {
            daemon.await(() -> settled(database, tom, frames), seconds, "every frame sorted, reduced and on the TOM");
        } catch (AssertionError e) {
            throw new AssertionError(state(database) + "\n" + e.getMessage().substring(0, Math.min(3_000, e.getMessage().length())), e);
        }
    }

    /** What was lost: frames the archive has that are not kept once under the reduction folder, with its md5. */
    record Kept(long missing, long doubled, long corrupt, long keptOnce) {
        String lost() {
            return String.format("%d missing, %d doubled, %d corrupt", missing, doubled, corrupt);
        }
    }

    Kept kept(Map<Long, StoredFrame> frames) throws Exception {
        Map<String, List<Path>> kept = framesUnder(work.resolve("var/reduction"));
        long missing = frames.values().stream().filter(f -> !kept.containsKey(f.filename())).count();
        long doubled = kept.values().stream().filter(copies -> copies.size() > 1).count();
        long corrupt = 0;
        for (StoredFrame frame : frames.values()) {
            List<Path> copies = kept.get(frame.filename());
            if (copies != null && !md5(copies.get(0)).equals(frame.md5())) {
                corrupt++;
            }
        }
        return new Kept(missing, doubled, corrupt, kept.size() - doubled);
    }

    /** Frame files (by name) under a folder and where each copy is. */
    static Map<String, List<Path>> framesUnder(Path folder) throws IOException {
        Map<String, List<Path>> frames = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return frames;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".fits.fz"))
                    .forEach(p -> frames.computeIfAbsent(p.getFileName().toString(), n -> new ArrayList<>()).add(p));
        }
        return frames;
    }

    /** Files a writer had not finished: skyroute's hidden temporary names, and anything else named as partial. */
    static List<Path> partialFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".part") || name.endsWith(".tmp") || name.endsWith(".partial");
            }).toList();
        }
    }

    static long filesNamed(Path folder, String name) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).count();
        }
    }

    static String md5(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    }

    /** The ledger's frames and reductions by status, and the uploads: what a run that did not settle left. */
    static String state(DatabaseConfig database) {
        StringBuilder state = new StringBuilder();
        for (String sql : List.of("select status, count(*) from frames group by status", "select status, count(*) from reductions group by status",
                "select status, count(*) from uploads group by status", "select path, lock_owner from datasets")) {
            try (Connection c = DriverManager.getConnection(database.url(), database.user(), null); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(sql)) {
                state.append(sql).append(":");
                while (rs.next()) {
                    state.append(" ").append(rs.getString(1)).append("=").append(rs.getString(2));
                }
                state.append("\n");
            } catch (Exception e) {
                state.append(sql).append(": ").append(e.getMessage()).append("\n");
            }
        }
        return state.toString();
    }

    /** The rows a query returns, one line each (for failure messages). */
    static String rows(DatabaseConfig database, String sql) {
        StringBuilder rows = new StringBuilder();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    rows.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                rows.append("\n");
            }
        } catch (Exception e) {
            rows.append(sql).append(": ").append(e.getMessage()).append("\n");
        }
        return rows.toString();
    }

    /** What a secrets scan looked at and found. */
    record Secrets(int outputs, long characters, List<String> hits) {
        Secrets plus(Secrets other) {
            List<String> all = new ArrayList<>(hits);
            all.addAll(other.hits);
            return new Secrets(outputs + other.outputs, characters + other.characters, all);
        }
    }

    static final Secrets NO_SECRETS_SCANNED = new Secrets(0, 0, List.of());

    /**
     * The configured secrets, as they are and in base64 (alone, and as HTTP Basic's user:password), looked for in
     * everything this part produced: every daemon console and log file under the work folder, the dead letters, and
     * what the test collected in {@link #produced} (status output, HTTP answers). Zero hits is the only pass.
     */
    Secrets scanSecrets(DatabaseConfig database) throws Exception {
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        List<String> forms = new ArrayList<>();
        for (String secret : List.of(TOKEN, TOM_PASSWORD)) {
            forms.add(secret);
            forms.add(base64.encodeToString(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        forms.add(base64.encodeToString(("pipeline:" + TOM_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<String> texts = new ArrayList<>(produced);
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith("console-")
                    || p.startsWith(work.resolve("var/logs"))).toList()) {
                texts.add(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        StringBuilder deadLetters = new StringBuilder();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select * from dead_letters")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    deadLetters.append(rs.getString(i)).append('\t');
                }
                deadLetters.append('\n');
            }
        }
        texts.add(deadLetters.toString());
        List<String> hits = new ArrayList<>();
        for (String text : texts) {
            for (String form : forms) {
                if (text.contains(form)) {
                    hits.add(form.substring(0, 6) + "…");
                }
            }
        }
        return new Secrets(texts.size(), texts.stream().mapToLong(String::length).sum(), hits);
    }

    /** Copies the daemons' consoles and log files to target/fault-logs/{@code name}/, for reading what a run did after it passed. */
    void keepLogs(String name) throws IOException {
        Path kept = Files.createDirectories(Path.of("target/fault-logs", name));
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith("console-")
                    || p.startsWith(work.resolve("var/logs"))).toList()) {
                Files.copy(file, kept.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Dead letters by route and the kind of their reason (its first words, up to a colon), with how many of each. */
    static Map<String, Long> deadLettersByRoute(DatabaseConfig database) throws Exception {
        Map<String, Long> byRoute = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select route_id, reason from dead_letters")) {
            while (rs.next()) {
                String reason = rs.getString(2);
                String kind = reason.contains(":") ? reason.substring(0, reason.indexOf(':')) : reason;
                byRoute.merge(rs.getString(1) + " " + (kind.length() > 90 ? kind.substring(0, 90) + "…" : kind), 1L, Long::sum);
            }
        }
        return byRoute;
    }

    static long count(DatabaseConfig database, String sql) throws Exception {
        return TestDatabases.count(database, sql);
    }
}
