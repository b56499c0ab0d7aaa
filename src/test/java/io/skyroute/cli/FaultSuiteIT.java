package io.skyroute.cli;

import io.skyroute.config.DatabaseConfig;
import io.skyroute.testing.LcoArchiveStandIn;
import io.skyroute.testing.LcoArchiveStandIn.StoredFrame;
import io.skyroute.testing.TestDatabases;
import io.skyroute.testing.TomStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23's fault suite: the packaged daemon, as its own process on PostgreSQL, driven through faults, with a
 * table of what was tried, how often and what was lost (printed, and written to target/fault-suite.md;
 * docs/reliability.md keeps the full run's figures). Its size comes from {@code -Dskyroute.faults=full}
 * (the sizes) or, by default, the reduced size the suite runs at in {@code .ci/run}.
 * <pre>./mvnw verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FaultSuiteIT -Dskyroute.faults=full</pre>
 */
class FaultSuiteIT {

    /** How big a run is: frames through the whole path and kill -9s. */
    record Scale(String name, int frames, int kills, int outageSeconds, long seed) {

        static Scale chosen() {
            long seed = Long.getLong("skyroute.faults.seed", 23L);
            return "full".equals(System.getProperty("skyroute.faults"))
                    ? new Scale("full", 500, 20, 60, seed)
                    : new Scale("ci", 40, 4, 15, seed);
        }
    }

    static final Scale SCALE = Scale.chosen();
    static final String TOKEN = "fault-suite-lco-token-57";
    static final String TOM_PASSWORD = "fault-suite-tom-pw-91";
    static final List<String> ORIGINALS = List.of("coj0m403-kb98-20170816-0392-e91", "ogg0m404-kb82-20170816-0336-e91",
            "coj0m405-kb97-20170817-0388-e91", "ogg0m404-kb82-20170815-1160-e91");

    /** What the kills aim at, in turn (as {@link Activity#during} names them). */
    static final List<String> PHASES = List.of("download", "sorting", "reduction", "upload");

    /** One row of the table: the fault, how often, what the run checked and what was lost. */
    record Row(String fault, String tried, String outcome, String lost) {
    }

    private static final List<Row> ROWS = new ArrayList<>();

    @TempDir
    Path work;

    @AfterAll
    static void table() throws IOException {
        StringBuilder table = new StringBuilder("Fault suite, size '" + SCALE.name() + "' (seed " + SCALE.seed() + "), " + Instant.now() + "\n\n"
                + "| fault | tried | outcome | lost |\n|---|---|---|---|\n");
        for (Row row : ROWS) {
            table.append("| ").append(row.fault()).append(" | ").append(row.tried()).append(" | ").append(row.outcome()).append(" | ")
                    .append(row.lost()).append(" |\n");
        }
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/fault-suite.md"), table);
    }

    /**
     * Frames from the LCO stand-in through download, sorting, reduction and TOM upload, the daemon killed (SIGKILL)
     * at random moments and started again each time. Afterwards every frame is kept once and verified, no temporary
     * or partial file is left in any folder, no lease is held, no run is left RUNNING, and the TOM holds each
     * dataset's final lightcurve once.
     */
    @Test
    void killNineAtRandomMomentsLosesNothing() throws Exception {
        DatabaseConfig database = TestDatabases.postgres();
        Random random = new Random(SCALE.seed());
        try (LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN); TomStandIn tom = new TomStandIn("pipeline", TOM_PASSWORD)) {
            tom.addTarget("PDS 110", "PDS_110");
            Map<Long, StoredFrame> frames = addFrames(archive, SCALE.frames());
            Path config = config(database, archive, tom);
            Map<String, Integer> killedDuring = new TreeMap<>();
            Recovered recovered = new Recovered();
            produced.clear();
            long started = System.nanoTime();
            for (int kill = 0; kill < SCALE.kills(); kill++) {
                // the kills take the phases in turn: each waits until its phase is seen under way, then strikes 0-300 ms later
                String wanted = PHASES.get(kill % PHASES.size());
                try (DaemonProcess daemon = start(config)) {
                    Activity before = Activity.of(archive, tom, database);
                    Activity now = before;
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (System.nanoTime() < deadline && !now.during(before).contains(wanted)) {
                        Thread.sleep(50);
                        now = Activity.of(archive, tom, database);
                    }
                    Thread.sleep(random.nextInt(300));
                    Activity last = Activity.of(archive, tom, database);
                    daemon.kill();
                    recovered.add(daemon.output());
                    produced.add(daemon.output());
                    killedDuring.merge(last.during(now).equals("start-up or idle") ? now.during(before) : last.during(now), 1, Integer::sum);
                }
            }
            int port = DaemonProcess.freePort();
            try (DaemonProcess daemon = start(config, port)) {
                try {
                    daemon.await(() -> settled(database, tom, frames.size()), 60 + SCALE.frames(), "every frame sorted, reduced and on the TOM");
                } catch (AssertionError e) {
                    throw new AssertionError(state(database) + "\n" + e.getMessage().substring(0, Math.min(3_000, e.getMessage().length())), e);
                }
                for (String endpoint : List.of("/observe/health", "/observe/info", "/observe/metrics")) {
                    produced.add(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + endpoint)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                }
                produced.add(statusOutput(config));
                assertThat(daemon.stop()).isIn(0, 143);
                recovered.add(daemon.output());
                produced.add(daemon.output());
            }
            secretsScan(database);
            double minutes = (System.nanoTime() - started) / 60e9;

            // every frame kept once, as the archive has it
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
            long downloads = frames.keySet().stream().mapToLong(id -> archive.count("/storage/" + id + "/")).sum();
            List<Path> partial = partialFiles(work.resolve("var"));
            long leases = count(database, "select count(*) from datasets where lock_owner is not null");
            long lockFiles = filesNamed(work.resolve("var/reduction"), "dataset.lock");
            long running = count(database, "select count(*) from reductions where status = 'RUNNING'");
            long datasets = count(database, "select count(*) from datasets");
            // a version that a newer one replaced on the TOM was delivered too
            long delivered = count(database, "select count(*) from uploads where status in ('DELIVERED', 'REPLACED')");
            long posts = tom.requests().stream().filter(r -> r.startsWith("POST /api/dataproducts/")).count();
            Map<String, Long> productsPerId = new HashMap<>();
            tom.products().forEach(p -> productsPerId.merge(p.productId(), 1L, Long::sum));
            long duplicatesOnTom = productsPerId.values().stream().filter(n -> n > 1).count();

            ROWS.add(new Row("kill -9 at random moments (download, sorting, ledger writes, reduction, upload)",
                    SCALE.kills() + " kills over " + frames.size() + " frames, " + String.format("%.1f", minutes) + " min; killed during: " + killedDuring,
                    String.format("%d/%d frames kept once, md5 as the archive's (%d downloads, %.2f per frame); %d datasets, %d lightcurve versions"
                            + " delivered, %d TOM uploads; at restarts: %s", kept.size() - doubled, frames.size(), downloads,
                            downloads / (double) frames.size(), datasets, delivered, posts, recovered.summary(database)),
                    String.format("%d missing, %d doubled, %d corrupt, %d partial files, %d leases, %d lock files, %d runs left RUNNING,"
                            + " %d duplicate TOM products", missing, doubled, corrupt, partial.size(), leases, lockFiles, running, duplicatesOnTom)));

            assertThat(missing).as("frames missing").isZero();
            assertThat(doubled).as("frames kept twice").isZero();
            assertThat(corrupt).as("frames whose md5 is not the archive's").isZero();
            assertThat(partial).as("temporary or partial files").isEmpty();
            assertThat(leases).as("leases left").isZero();
            assertThat(lockFiles).as("dataset.lock files left").isZero();
            assertThat(running).as("reductions left RUNNING").isZero();
            assertThat(duplicatesOnTom).as("a lightcurve version on the TOM twice").isZero();
            assertThat(posts).as("every upload the TOM took is one the ledger delivered").isEqualTo(delivered);
        }
    }

    /**
     * PostgreSQL unreachable mid-run (a TCP proxy between the daemon and the database, cut and restored by the test;
     * 60 s at full size): the daemon stays up, its routes fail and retry while the database is away, and once it is
     * back every frame is sorted and every lightcurve delivered without a restart.
     */
    @Test
    void theDatabaseAwayMidRunLosesNothing() throws Exception {
        DatabaseConfig database = TestDatabases.postgres();
        java.net.URI pg = java.net.URI.create(database.url().substring("jdbc:".length()));
        String schema = database.url().substring(database.url().indexOf("currentSchema=") + "currentSchema=".length());
        int frameCount = "full".equals(SCALE.name()) ? 200 : 40;
        try (io.skyroute.testing.TcpProxy proxy = new io.skyroute.testing.TcpProxy(pg.getHost(), pg.getPort() == -1 ? 5432 : pg.getPort());
             LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN); TomStandIn tom = new TomStandIn("pipeline", TOM_PASSWORD)) {
            tom.addTarget("PDS 110", "PDS_110");
            DatabaseConfig proxied = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + proxy.port() + pg.getPath() + "?currentSchema=" + schema
                    + "&connectTimeout=3&socketTimeout=10", database.user(), null, database.poolSize());
            Path config = config(proxied, archive, tom);
            Map<Long, StoredFrame> frames = addFrames(archive, frameCount);
            try (DaemonProcess daemon = start(config)) {
                daemon.await(() -> archive.count("/storage/") >= 5, 60, "the first frames downloaded");
                long arrivedBefore = archive.count("/storage/");
                proxy.cut();
                Thread.sleep(SCALE.outageSeconds() * 1000L);
                assertThat(daemon.alive()).as("up through the outage").isTrue();
                long arrivedDuring = archive.count("/storage/") - arrivedBefore;
                proxy.restore();
                long back = System.nanoTime();
                try {
                    daemon.await(() -> settled(database, tom, frames.size()), 120 + frameCount, "every frame sorted and delivered after the outage");
                } catch (AssertionError e) {
                    throw new AssertionError(state(database) + "\n" + e.getMessage().substring(0, Math.min(3_000, e.getMessage().length())), e);
                }
                double recovery = (System.nanoTime() - back) / 1e9;
                assertThat(daemon.alive()).isTrue();
                long deadLetters = count(database, "select count(*) from dead_letters");
                assertThat(daemon.stop()).isIn(0, 143);

                Map<String, List<Path>> kept = framesUnder(work.resolve("var/reduction"));
                long missing = frames.values().stream().filter(f -> !kept.containsKey(f.filename())).count();
                long doubled = kept.values().stream().filter(copies -> copies.size() > 1).count();
                long downloads = frames.keySet().stream().mapToLong(id -> archive.count("/storage/" + id + "/")).sum();
                List<Path> partial = partialFiles(work.resolve("var"));
                long leases = count(database, "select count(*) from datasets where lock_owner is not null");
                ROWS.add(new Row("PostgreSQL unreachable mid-run (TCP proxy cut, then restored)",
                        SCALE.outageSeconds() + " s outage after " + arrivedBefore + " of " + frameCount + " frames had arrived",
                        String.format("the daemon stayed up; %d frames downloaded during the outage; every frame sorted and every lightcurve on the"
                                + " TOM %.0f s after the database came back, no restart; %d dead letters recorded (retried later); %d downloads"
                                + " (%.2f per frame)", arrivedDuring, recovery, deadLetters, downloads, downloads / (double) frameCount),
                        String.format("%d missing, %d doubled, %d partial files, %d leases", missing, doubled, partial.size(), leases)));
                assertThat(missing).isZero();
                assertThat(doubled).isZero();
                assertThat(partial).isEmpty();
                assertThat(leases).isZero();
            }
        }
    }

    /** What the restarts repaired, from each life's own log and the ledger. */
    static final class Recovered {
        private int temporaryFiles;
        private int datasetsReducedAgain;

        void add(String output) {
            java.util.regex.Matcher files = java.util.regex.Pattern.compile("removed (\\d+) temporary file\\(s\\)").matcher(output);
            while (files.find()) {
                temporaryFiles += Integer.parseInt(files.group(1));
            }
            java.util.regex.Matcher datasets = java.util.regex.Pattern.compile("(\\d+) dataset\\(s\\) have frames their last reduction did not see")
                    .matcher(output);
            while (datasets.find()) {
                datasetsReducedAgain += Integer.parseInt(datasets.group(1));
            }
        }

        String summary(DatabaseConfig database) throws Exception {
            long closed = count(database, "select count(*) from reductions where last_error like 'stopped before it ended%'");
            return temporaryFiles + " temporary files of killed writers removed, " + datasetsReducedAgain
                    + " datasets whose reduction was cut off reduced again, " + closed + " killed runs closed as FAILED";
        }
    }

    /** What the daemon was doing between two looks: the archive served frames, frames were sorted, a reduction ran, the TOM was sent something. */
    record Activity(long downloads, long sorted, long reductions, long running, long tomRequests) {

        static Activity of(LcoArchiveStandIn archive, TomStandIn tom, DatabaseConfig database) throws Exception {
            return new Activity(archive.count("/storage/"), count(database, "select count(*) from frames where status = 'SORTED'"),
                    count(database, "select count(*) from reductions"), count(database, "select count(*) from reductions where status = 'RUNNING'"),
                    tom.requests().size());
        }

        String during(Activity before) {
            List<String> what = new ArrayList<>();
            if (downloads > before.downloads) {
                what.add("download");
            }
            if (sorted > before.sorted) {
                what.add("sorting");
            }
            if (running > 0 || reductions > before.reductions) {
                what.add("reduction");
            }
            if (tomRequests > before.tomRequests) {
                what.add("upload");
            }
            return what.isEmpty() ? "start-up or idle" : String.join("+", what);
        }
    }

    private boolean settled(DatabaseConfig database, TomStandIn tom, int frames) {
        try {
            if (count(database, "select count(*) from frames where status = 'SORTED'") < frames
                    || count(database, "select count(*) from reductions where status = 'RUNNING'") > 0) {
                return false;
            }
            // each dataset's final lightcurve is the one the TOM holds
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

    private DaemonProcess start(Path config) throws Exception {
        return start(config, DaemonProcess.freePort());
    }

    private DaemonProcess start(Path config, int managementPort) throws Exception {
        return DaemonProcess.start(work, config, List.of(), Map.of("LCO_TOKEN", TOKEN, "SKYROUTE_TEST_TOM_PW", TOM_PASSWORD,
                "SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(managementPort)));
    }

    /** Everything the suite's daemons said or answered: their consoles, HTTP answers and the status command's output. */
    private final List<String> produced = new ArrayList<>();

    private String statusOutput(Path config) throws Exception {
        Path output = work.resolve("status-" + System.nanoTime() + ".txt");
        Process status = SkyrouteJar.command("status", "--json", "--config", config.toString()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(status.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return Files.readString(output);
    }

    /**
     * The configured secrets, as they are and in base64 (alone, and as HTTP Basic's user:password), looked for in
     * everything produced: the consoles, every file the daemon wrote under var/logs, the dead letters, the status
     * output and the HTTP answers. Zero hits is the only pass.
     */
    private void secretsScan(DatabaseConfig database) throws Exception {
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        List<String> forms = new ArrayList<>();
        for (String secret : List.of(TOKEN, TOM_PASSWORD)) {
            forms.add(secret);
            forms.add(base64.encodeToString(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        forms.add(base64.encodeToString(("pipeline:" + TOM_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<String> texts = new ArrayList<>(produced);
        try (Stream<Path> logs = Files.walk(work.resolve("var/logs"))) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1));
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
        long bytes = texts.stream().mapToLong(String::length).sum();
        List<String> hits = new ArrayList<>();
        for (String text : texts) {
            for (String form : forms) {
                if (text.contains(form)) {
                    hits.add(form.substring(0, 6) + "…");
                }
            }
        }
        ROWS.add(new Row("secrets: the LCO token and the TOM password, plain and base64 (alone and as Basic user:password)",
                texts.size() + " outputs of the crash run, " + String.format("%,d", bytes) + " characters: consoles, log files, dead letters,"
                        + " `status --json`, /observe/health, /info, /metrics",
                hits.isEmpty() ? "no hit" : hits.size() + " hits", hits.size() + " hits"));
        assertThat(hits).as("secrets in what the daemon produced").isEmpty();
    }

    /** {@code count} frames: the four sample frames again and again under new names (each its own frame for the archive and the ledger). */
    private Map<Long, StoredFrame> addFrames(LcoArchiveStandIn archive, int count) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        for (String original : ORIGINALS) {
            try (InputStream in = getClass().getResourceAsStream("/frames/" + original + ".fits.fz")) {
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

    private Path config(DatabaseConfig database, LcoArchiveStandIn archive, TomStandIn tom) throws IOException {
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
                """.formatted(archive.url(), work.resolve("var/downloads/lco"), work.resolve("var/reduction")));
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
                """.formatted(work.resolve("var"), database.url(), database.user(), download, template, tomConfig));
    }

    /** Frame files (by name) under a folder and where each copy is. */
    private static Map<String, List<Path>> framesUnder(Path folder) throws IOException {
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

    private static long filesNamed(Path folder, String name) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).count();
        }
    }

    private static String md5(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    }

    /** The ledger's frames and reductions by status, and the uploads: what a run that did not settle left. */
    private static String state(DatabaseConfig database) {
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

    static long count(DatabaseConfig database, String sql) throws Exception {
        return TestDatabases.count(database, sql);
    }
}
