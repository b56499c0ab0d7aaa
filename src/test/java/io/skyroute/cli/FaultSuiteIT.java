package io.skyroute.cli;

import io.skyroute.config.DatabaseConfig;
import io.skyroute.testing.LcoArchiveStandIn;
import io.skyroute.testing.LcoArchiveStandIn.StoredFrame;
import io.skyroute.testing.TestDatabases;
import io.skyroute.testing.TomStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
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

import static io.skyroute.cli.FaultRig.TOKEN;
import static io.skyroute.cli.FaultRig.TOM_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23's fault suite: the packaged daemon, as its own process on PostgreSQL, driven through faults, with a
 * table of what was tried, how often and what was lost (printed, and written to target/fault-suite.md;
 * docs/reliability.md keeps the full run's figures). Its size comes from {@code -Dskyroute.faults=full}
 * (the sizes) or, by default, the reduced size the suite runs at in {@code .ci/run}.
 * <pre>./mvnw verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FaultSuiteIT -Dskyroute.faults=full</pre>
 */
class FaultSuiteIT {

    static final FaultRig.Scale SCALE = FaultRig.SCALE;

    /** What the kills aim at, in turn (as {@link Activity#during} names them). */
    static final List<String> PHASES = List.of("download", "sorting", "reduction", "upload");

    private static final FaultTable TABLE = new FaultTable();

    @TempDir
    Path work;

    private FaultRig rig;

    @BeforeEach
    void rig() throws Exception {
        rig = new FaultRig(work);
    }

    @AfterAll
    static void table() throws IOException {
        TABLE.write("crash, database outage, secrets");
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
            Map<Long, StoredFrame> frames = rig.addFrames(archive, SCALE.frames());
            Path config = rig.config(database, archive, tom);
            Map<String, Integer> killedDuring = new TreeMap<>();
            Recovered recovered = new Recovered();
            rig.produced.clear();
            long started = System.nanoTime();
            for (int kill = 0; kill < SCALE.kills(); kill++) {
                // the kills take the phases in turn: each waits until its phase is seen under way, then strikes 0-300 ms later
                String wanted = PHASES.get(kill % PHASES.size());
                try (DaemonProcess daemon = rig.start(config)) {
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
                    killedDuring.merge(last.during(now).equals("start-up or idle") ? now.during(before) : last.during(now), 1, Integer::sum);
                }
            }
            int port = DaemonProcess.freePort();
            try (DaemonProcess daemon = rig.start(config, port)) {
                try {
                    daemon.await(() -> rig.settled(database, tom, frames.size()), 60 + SCALE.frames(), "every frame sorted, reduced and on the TOM");
                } catch (AssertionError e) {
                    throw new AssertionError(FaultRig.state(database) + "\n" + reductionThreads(daemon) + "\n"
                            + e.getMessage().substring(0, Math.min(3_000, e.getMessage().length())), e);
                }
                for (String endpoint : List.of("/observe/health", "/observe/info", "/observe/metrics")) {
                    rig.produced.add(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + endpoint)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                }
                rig.produced.add(statusOutput(config));
                assertThat(daemon.stop()).isIn(0, 143);
                recovered.add(daemon.output());
            }
            FaultRig.Secrets secrets = rig.scanSecrets(database);
            TABLE.add(new FaultTable.Row("secrets: the LCO token and the TOM password, plain and base64 (alone and as Basic user:password)",
                    secrets.outputs() + " outputs of the crash run, " + String.format("%,d", secrets.characters()) + " characters: consoles, log"
                            + " files, dead letters, `status --json`, /observe/health, /info, /metrics",
                    secrets.hits().isEmpty() ? "no hit" : secrets.hits().size() + " hits", secrets.hits().size() + " hits"));
            assertThat(secrets.hits()).as("secrets in what the daemon produced").isEmpty();
            double minutes = (System.nanoTime() - started) / 60e9;

            // every frame kept once, as the archive has it
            Map<String, List<Path>> kept = FaultRig.framesUnder(work.resolve("var/reduction"));
            long missing = frames.values().stream().filter(f -> !kept.containsKey(f.filename())).count();
            long doubled = kept.values().stream().filter(copies -> copies.size() > 1).count();
            long corrupt = 0;
            for (StoredFrame frame : frames.values()) {
                List<Path> copies = kept.get(frame.filename());
                if (copies != null && !FaultRig.md5(copies.get(0)).equals(frame.md5())) {
                    corrupt++;
                }
            }
            long downloads = frames.keySet().stream().mapToLong(id -> archive.count("/storage/" + id + "/")).sum();
            List<Path> partial = FaultRig.partialFiles(work.resolve("var"));
            long leases = count(database, "select count(*) from datasets where lock_owner is not null");
            long lockFiles = FaultRig.filesNamed(work.resolve("var/reduction"), "dataset.lock");
            long running = count(database, "select count(*) from reductions where status = 'RUNNING'");
            long datasets = count(database, "select count(*) from datasets");
            // a version that a newer one replaced on the TOM was delivered too
            long delivered = count(database, "select count(*) from uploads where status in ('DELIVERED', 'REPLACED')");
            long posts = tom.requests().stream().filter(r -> r.startsWith("POST /api/dataproducts/")).count();
            long taken = tom.productsStored();
            Map<String, Long> productsPerId = new HashMap<>();
            tom.products().forEach(p -> productsPerId.merge(p.productId(), 1L, Long::sum));
            long duplicatesOnTom = productsPerId.values().stream().filter(n -> n > 1).count();

            TABLE.add(new FaultTable.Row("kill -9 at random moments (download, sorting, ledger writes, reduction, upload)",
                    SCALE.kills() + " kills over " + frames.size() + " frames, " + String.format("%.1f", minutes) + " min; killed during: " + killedDuring,
                    String.format("%d/%d frames kept once, md5 as the archive's (%d downloads, %.2f per frame); %d datasets, %d lightcurve versions"
                            + " delivered, %d TOM uploads (%d upload requests; a kill can cut one off before the TOM has it all); at restarts: %s",
                            kept.size() - doubled, frames.size(), downloads, downloads / (double) frames.size(), datasets, delivered, taken, posts,
                            recovered.summary(database)),
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
            if (taken != delivered) {
                rig.keepLogs("crash");
            }
            assertThat(taken).as("every upload the TOM took is one the ledger delivered\n%s\nTOM requests: %s",
                    FaultRig.rows(database, "select id, dataset_id, status, substr(content_hash, 1, 12), tom_product_pk, tries, last_error, created_at, updated_at from uploads order by id"),
                    tom.requests().stream().filter(r -> !r.startsWith("GET /api/targets")).toList()).isEqualTo(delivered);
            // an upload request the TOM did not take is one a kill cut off mid-body: at most one per kill and dataset
            assertThat(posts - taken).as("upload requests the TOM did not take").isBetween(0L, SCALE.kills() * datasets);
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
            Path config = rig.config(proxied, archive, tom);
            Map<Long, StoredFrame> frames = rig.addFrames(archive, frameCount);
            try (DaemonProcess daemon = rig.start(config)) {
                daemon.await(() -> archive.count("/storage/") >= 5, 60, "the first frames downloaded");
                long arrivedBefore = archive.count("/storage/");
                proxy.cut();
                Thread.sleep(SCALE.outageSeconds() * 1000L);
                assertThat(daemon.alive()).as("up through the outage").isTrue();
                long arrivedDuring = archive.count("/storage/") - arrivedBefore;
                proxy.restore();
                long back = System.nanoTime();
                try {
                    daemon.await(() -> rig.settled(database, tom, frames.size()), 120 + frameCount, "every frame sorted and delivered after the outage");
                } catch (AssertionError e) {
                    throw new AssertionError(FaultRig.state(database) + "\n" + e.getMessage().substring(0, Math.min(3_000, e.getMessage().length())), e);
                }
                double recovery = (System.nanoTime() - back) / 1e9;
                assertThat(daemon.alive()).isTrue();
                long deadLetters = count(database, "select count(*) from dead_letters");
                assertThat(daemon.stop()).isIn(0, 143);

                Map<String, List<Path>> kept = FaultRig.framesUnder(work.resolve("var/reduction"));
                long missing = frames.values().stream().filter(f -> !kept.containsKey(f.filename())).count();
                long doubled = kept.values().stream().filter(copies -> copies.size() > 1).count();
                long downloads = frames.keySet().stream().mapToLong(id -> archive.count("/storage/" + id + "/")).sum();
                List<Path> partial = FaultRig.partialFiles(work.resolve("var"));
                long leases = count(database, "select count(*) from datasets where lock_owner is not null");
                TABLE.add(new FaultTable.Row("PostgreSQL unreachable mid-run (TCP proxy cut, then restored)",
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

    private String statusOutput(Path config) throws Exception {
        Path output = work.resolve("status-" + System.nanoTime() + ".txt");
        Process status = SkyrouteJar.command("status", "--json", "--config", config.toString()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(status.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return Files.readString(output);
    }

    static long count(DatabaseConfig database, String sql) throws Exception {
        return FaultRig.count(database, sql);
    }

    /** The stacks of the daemon's reduction threads (jcmd), for a report of a reduction that did not finish. */
    private static String reductionThreads(DaemonProcess daemon) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(daemon.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jcmd.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder("reduction threads:\n");
            for (String thread : dump.split("\n\n")) {
                if (thread.contains("reduce-pool") || thread.contains("reduction-frame") || thread.contains("spare-core")) {
                    out.append(thread, 0, Math.min(thread.length(), 1_500)).append("\n");
                }
            }
            return out.toString();
        } catch (java.io.IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }
}
