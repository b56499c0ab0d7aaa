package io.skyroute.cli;

import io.skyroute.cli.FaultRig.Extra;
import io.skyroute.cli.FaultRig.Kept;
import io.skyroute.config.DatabaseConfig;
import io.skyroute.testing.LcoArchiveStandIn;
import io.skyroute.testing.LcoArchiveStandIn.Fault;
import io.skyroute.testing.LcoArchiveStandIn.StoredFrame;
import io.skyroute.testing.TestDatabases;
import io.skyroute.testing.TomStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import static io.skyroute.cli.FaultRig.SCALE;
import static io.skyroute.cli.FaultRig.TOKEN;
import static io.skyroute.cli.FaultRig.TOM_PASSWORD;
import static io.skyroute.cli.FaultRig.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite's outages: an archive that misbehaves in every way it can, mixed at random, and a TOM that is
 * away for a long time (hours, compressed through the configuration's retry timings). Each adds its row to the
 * fault table (see {@link FaultSuiteIT}).
 */
class FaultSuiteOutagesIT {

    private static final FaultTable TABLE = new FaultTable();

    @TempDir
    Path work;

    private FaultRig rig;

    @BeforeEach
    void rig() {
        rig = new FaultRig(work);
    }

    /** The secrets scan over every test of this part (each scans its own daemon's outputs before its folder goes). */
    private static FaultRig.Secrets secrets = FaultRig.NO_SECRETS_SCANNED;

    @AfterAll
    static void table() throws IOException {
        TABLE.add(new FaultTable.Row("secrets in the outage runs (LCO token, TOM password; plain, base64, Basic)",
                secrets.outputs() + " outputs, " + String.format("%,d", secrets.characters()) + " characters: consoles, log files, dead letters",
                secrets.hits().isEmpty() ? "no hit" : secrets.hits().size() + " hits", secrets.hits().size() + " hits"));
        TABLE.write("archive faults, TOM away, disk full, RabbitMQ away");
    }

    /** Scans this test's outputs for the secrets (zero hits or the test fails) and adds them to the part's tally. */
    private void scanSecrets(DatabaseConfig database) throws Exception {
        FaultRig.Secrets found = rig.scanSecrets(database);
        secrets = secrets.plus(found);
        assertThat(found.hits()).as("secrets in what the daemon produced").isEmpty();
    }

    /** The faults an archive request can meet, one chosen at random for about half of the frames and of the listings. */
    private static final Map<String, Supplier<Fault>> FAULTS = new java.util.LinkedHashMap<>();

    static {
        FAULTS.put("500", () -> Fault.answer(500, "{\"detail\":\"Internal server error\"}"));
        FAULTS.put("503 Retry-After", () -> new Fault(503, Map.of("Retry-After", "1"), "{\"detail\":\"down for maintenance\"}", 0, null, false));
        FAULTS.put("429 Retry-After", () -> Fault.tooManyRequests(1));
        FAULTS.put("connection dropped", Fault::drop);
        FAULTS.put("timeout", () -> Fault.delay(3_500));
        FAULTS.put("truncated body", () -> Fault.truncate(20_000));
        FAULTS.put("wrong md5", Fault::corrupt);
    }

    /**
     * Every way the LCO archive can fail, mixed at random over the frames and the listings: 5xx, 429 and 503 with
     * Retry-After, connections dropped without an answer, answers slower than the client's timeout, bodies cut
     * short, bodies whose md5 is not the listed one, presigned URLs that expire, and the token refused for a while
     * (then restored, and the archive reset through JMX as the operator would). Every frame must end up ingested
     * once and verified, with a bounded number of requests per frame.
     */
    @Test
    void archiveFaultsMixedAtRandomStillIngestEveryFrame() throws Exception {
        DatabaseConfig database = TestDatabases.postgres();
        Random random = new Random(SCALE.seed());
        int frameCount = SCALE.pick(300, 40);
        try (LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN); TomStandIn tom = new TomStandIn("pipeline", TOM_PASSWORD)) {
            tom.addTarget("PDS 110", "PDS_110");
            Map<Long, StoredFrame> frames = rig.addFrames(archive, frameCount);
            Map<String, Integer> injected = new TreeMap<>();
            List<String> kinds = List.copyOf(FAULTS.keySet());
            for (long id : frames.keySet()) {
                if (random.nextBoolean()) {
                    String kind = kinds.get(random.nextInt(kinds.size()));
                    archive.fault("/storage/" + id + "/", FAULTS.get(kind).get());
                    injected.merge(kind + " (download)", 1, Integer::sum);
                }
            }
            // the listing and the frame API: the same faults but the ones only a file download can have
            for (int i = 0; i < SCALE.pick(30, 8); i++) {
                String kind = kinds.get(random.nextInt(kinds.size() - 2));
                archive.fault("/frames/", FAULTS.get(kind).get());
                injected.merge(kind + " (API)", 1, Integer::sum);
            }
            Path config = rig.config(database, archive, tom, new Extra("http_timeout_seconds: 2\n", """
                    retry: {max_redeliveries: 4, initial_delay_ms: 200, max_delay_ms: 2000}
                    """));
            // reconcile often: it requeues frames whose tries ran out (time compressed: every 10 s instead of nightly)
            java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config)
                    .replace("schedules: {lco_poll: '0/2 * * * * ?'}", "schedules: {lco_poll: '0/2 * * * * ?', lco_reconcile: '0/10 * * * * ?'}"));
            int port = DaemonProcess.freePort();
            long started = System.nanoTime();
            try (DaemonProcess daemon = rig.start(config, port)) {
                // presigned URLs expire three times during the run, then the token is refused
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(1_000 + random.nextInt(3_000));
                    archive.expireUrls();
                }
                injected.merge("presigned URLs expired", 3, Integer::sum);
                // the token refused until a poll meets the refusal and the daemon stops the archive (a pass under way finishes first)
                archive.acceptOnlyToken("revoked-" + TOKEN.hashCode());
                long revoked = System.nanoTime();
                daemon.awaitText("Archive 'lco' stopped", 180);
                archive.acceptOnlyToken(TOKEN);
                injected.merge(String.format("token refused (%.0f s, until the archive was stopped), then restored", (System.nanoTime() - revoked) / 1e9),
                        1, Integer::sum);
                String reset = resetArchive(config, port, "lco");
                assertThat(reset).as("the archive was stopped by the refused token").contains("lco: reset");
                rig.awaitSettled(daemon, database, tom, frameCount, 120 + frameCount);
                double seconds = (System.nanoTime() - started) / 1e9;
                assertThat(daemon.alive()).isTrue();
                Map<String, Long> deadLetters = FaultRig.deadLettersByRoute(database);
                assertThat(daemon.stop()).isIn(0, 143);
                rig.keepLogs("archive-faults");

                Kept kept = rig.kept(frames);
                scanSecrets(database);
                Map<Long, Long> perFrame = new HashMap<>();
                frames.keySet().forEach(id -> perFrame.put(id, archive.count("/storage/" + id + "/")));
                long downloads = perFrame.values().stream().mapToLong(Long::longValue).sum();
                long most = perFrame.values().stream().mapToLong(Long::longValue).max().orElse(0);
                long apiRequests = archive.count("/frames/");
                List<Path> partial = FaultRig.partialFiles(work.resolve("var"));
                int faults = injected.values().stream().mapToInt(Integer::intValue).sum();
                TABLE.add(new FaultTable.Row("archive faults mixed at random: " + String.join(", ", FAULTS.keySet())
                        + ", expired URLs, a refused then restored token",
                        faults + " faults over " + frameCount + " frames: " + injected,
                        String.format("%d/%d frames ingested (%.0f %%), verified and kept once, in %.0f s; %d download requests (%.2f per frame,"
                                        + " at most %d for one frame), %d API requests; the token's refusal stopped the archive until"
                                        + " `ctl reset-archive` (it said: %s); dead letters on the way: %s", kept.keptOnce(), frameCount, 100.0 * kept.keptOnce() / frameCount,
                                seconds, downloads, downloads / (double) frameCount, most, apiRequests, reset,
                                deadLetters),
                        kept.lost() + ", " + partial.size() + " partial files"));
                assertThat(kept.missing()).as("frames never ingested").isZero();
                assertThat(kept.doubled()).isZero();
                assertThat(kept.corrupt()).as("frames kept with a wrong md5").isZero();
                assertThat(partial).isEmpty();
                // no retry storm: a frame with one fault costs two requests, an expired URL one more; a second run of tries after reconcile, few
                assertThat(most).as("download requests for the worst frame").isLessThanOrEqualTo(8);
                assertThat(downloads).as("download requests in all").isLessThan(2L * frameCount + 20);
            }
        }
    }

    /**
     * The TOM down for a long outage — hours compressed into a minute by the configuration (retries every 3 s
     * instead of every 15 min): lightcurves made meanwhile wait, undelivered, in the ledger; once the TOM is back
     * each is delivered exactly once.
     */
    @Test
    void theTomAwayForALongTimeGetsEachLightcurveOnceAfterwards() throws Exception {
        DatabaseConfig database = TestDatabases.postgres();
        int frameCount = SCALE.pick(120, 24);
        int outageSeconds = SCALE.pick(120, 20);
        try (LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN); TomStandIn tom = new TomStandIn("pipeline", TOM_PASSWORD)) {
            tom.addTarget("PDS 110", "PDS_110");
            tom.unavailableFor(Integer.MAX_VALUE);
            Map<Long, StoredFrame> frames = rig.addFrames(archive, frameCount);
            Path config = rig.config(database, archive, tom, new Extra("", """
                    retry: {max_redeliveries: 3, initial_delay_ms: 200, max_delay_ms: 1000}
                    tom_delivery: {retry_period_ms: 3000, http_timeout_seconds: 5}
                    """));
            try (DaemonProcess daemon = rig.start(config)) {
                long down = System.nanoTime();
                daemon.await(() -> {
                    try {
                        return count(database, "select count(*) from frames where status = 'SORTED'") >= frameCount
                                && count(database, "select count(*) from uploads") > 0;
                    } catch (Exception e) {
                        return false;
                    }
                }, 60 + frameCount, "every frame sorted and a lightcurve waiting for the TOM");
                long remaining = outageSeconds * 1_000L - (System.nanoTime() - down) / 1_000_000;
                Thread.sleep(Math.max(0, remaining));
                long requestsWhileDown = tom.requests().size();
                long waiting = count(database, "select count(*) from uploads where status not in ('DELIVERED', 'REPLACED')");
                double downSeconds = (System.nanoTime() - down) / 1e9;
                tom.unavailableFor(0);
                long back = System.nanoTime();
                rig.awaitSettled(daemon, database, tom, frameCount, 120);
                double recovery = (System.nanoTime() - back) / 1e9;
                Thread.sleep(7_000); // two more retry periods: nothing may be sent again
                assertThat(daemon.alive()).isTrue();
                long delivered = count(database, "select count(*) from uploads where status in ('DELIVERED', 'REPLACED')");
                long posts = tom.requests().stream().filter(r -> r.startsWith("POST /api/dataproducts/")).count();
                Map<String, Long> productsPerId = new HashMap<>();
                tom.products().forEach(p -> productsPerId.merge(p.productId(), 1L, Long::sum));
                long duplicates = productsPerId.values().stream().filter(n -> n > 1).count();
                assertThat(daemon.stop()).isIn(0, 143);
                Kept kept = rig.kept(frames);
                scanSecrets(database);
                TABLE.add(new FaultTable.Row("TOM down for a long outage (every request answered 503; retries every 3 s stand for the"
                        + " default 15 min)", String.format("%.0f s down while %d frames were sorted and reduced", downSeconds, frameCount),
                        String.format("%d lightcurve versions waited undelivered; %d requests reached the TOM while down (%.1f per version and"
                                        + " retry period: the redelivery policy's tries, no storm); everything delivered %.0f s after the TOM came"
                                        + " back: %d versions, %d uploads", waiting, requestsWhileDown,
                                requestsWhileDown / (double) Math.max(1, waiting) / (downSeconds / 3), recovery, delivered, posts),
                        String.format("%d duplicate TOM products, %d uploads beyond the ledger's, %s", duplicates, posts - delivered, kept.lost())));
                assertThat(waiting).as("versions waiting while the TOM was down").isPositive();
                assertThat(duplicates).as("a lightcurve version on the TOM twice").isZero();
                assertThat(posts).as("uploads that reached the TOM = versions the ledger delivered").isEqualTo(delivered);
                assertThat(kept.missing()).isZero();
            }
        }
    }

    /**
     * The download folder's disk full (a 16 MB tmpfs the test mounts and fills but for 300 KB, less than one frame):
     * every download fails with a clear reason, no partial or corrupt file stays, the daemon keeps running; once
     * space returns every frame is ingested, verified and sorted. Needs root for mount(8), as .ci/run has.
     */
    @Test
    void aFullDownloadDiskGivesClearErrorsAndRecovers() throws Exception {
        DatabaseConfig database = TestDatabases.postgres();
        int frameCount = SCALE.pick(60, 12);
        int fullSeconds = SCALE.pick(60, 10);
        Path disk = java.nio.file.Files.createDirectories(work.resolve("var/downloads"));
        mount(disk, "16m");
        try (LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN); TomStandIn tom = new TomStandIn("pipeline", TOM_PASSWORD)) {
            tom.addTarget("PDS 110", "PDS_110");
            Path ballast = disk.resolve("ballast.bin");
            fill(ballast, disk.toFile().getUsableSpace() - 300_000);
            Map<Long, StoredFrame> frames = rig.addFrames(archive, frameCount);
            Path config = rig.config(database, archive, tom, new Extra("", """
                    retry: {max_redeliveries: 3, initial_delay_ms: 200, max_delay_ms: 1000}
                    """));
            java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config)
                    .replace("schedules: {lco_poll: '0/2 * * * * ?'}", "schedules: {lco_poll: '0/2 * * * * ?', lco_reconcile: '0/10 * * * * ?'}"));
            try (DaemonProcess daemon = rig.start(config)) {
                daemon.await(() -> archive.count("/storage/") >= 3, 60, "downloads tried on the full disk");
                Thread.sleep(fullSeconds * 1_000L);
                assertThat(daemon.alive()).as("up while the disk is full").isTrue();
                long triedWhileFull = archive.count("/storage/");
                long sortedWhileFull = count(database, "select count(*) from frames where status = 'SORTED'");
                List<Path> partialWhileFull = FaultRig.partialFiles(disk);
                String reason = firstDeadLetterReason(database);
                java.nio.file.Files.delete(ballast);
                long back = System.nanoTime();
                rig.awaitSettled(daemon, database, tom, frameCount, 120 + 2 * frameCount);
                double recovery = (System.nanoTime() - back) / 1e9;
                String output = daemon.output();
                assertThat(daemon.stop()).isIn(0, 143);

                Kept kept = rig.kept(frames);
                scanSecrets(database);
                List<Path> partial = FaultRig.partialFiles(work.resolve("var"));
                TABLE.add(new FaultTable.Row("the download disk full (16 MB tmpfs filled to 300 KB free)",
                        String.format("%d frames, the disk full for %d s", frameCount, fullSeconds),
                        String.format("the daemon stayed up; %d download attempts while full, %d frames sorted meanwhile, %d partial files left"
                                        + " behind by them; the dead letter said: \"%s\"; every frame ingested and sorted %.0f s after space returned",
                                triedWhileFull, sortedWhileFull, partialWhileFull.size(), reason, recovery),
                        kept.lost() + ", " + partial.size() + " partial files"));
                assertThat(reason).as("the reason of a download that met the full disk").contains("No space left on device");
                assertThat(output).contains("No space left on device");
                assertThat(partialWhileFull).as("partial files while the disk was full").isEmpty();
                assertThat(kept.missing()).isZero();
                assertThat(kept.doubled()).isZero();
                assertThat(kept.corrupt()).isZero();
                assertThat(partial).isEmpty();
            }
        } finally {
            unmount(disk);
        }
    }

    /**
     * RabbitMQ unreachable mid-run (a cluster node reaching it through a TCP proxy the test cuts, then restores):
     * the reduction jobs queued before, during and after come through neither lost (each dataset's last reduction
     * saw every frame sorted into it) nor doubled (no two successful reductions of a dataset saw the same frames).
     */
    @Test
    void rabbitMqAwayMidRunLosesNoJobAndDoublesNone() throws Exception {
        DatabaseConfig database = TestDatabases.postgres();
        int frameCount = SCALE.pick(200, 40);
        int outageSeconds = SCALE.pick(60, 10);
        try (io.skyroute.testing.TcpProxy proxy = new io.skyroute.testing.TcpProxy("127.0.0.1", 5672);
             LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN); TomStandIn tom = new TomStandIn("pipeline", TOM_PASSWORD)) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", 5672)) {
                assertThat(probe.isConnected()).isTrue();
            } catch (IOException e) {
                throw new AssertionError("RabbitMQ on 127.0.0.1:5672 does not answer (.ci/run starts Debian's rabbitmq-server)", e);
            }
            tom.addTarget("PDS 110", "PDS_110");
            Map<Long, StoredFrame> frames = rig.addFrames(archive, frameCount);
            String queue = "skyroute.faults." + java.util.UUID.randomUUID();
            Path config = rig.config(database, archive, tom, new Extra("", """
                    retry: {max_redeliveries: 4, initial_delay_ms: 200, max_delay_ms: 2000}
                    cluster:
                      enabled: true
                      node_id: fault-node
                      role: all
                      checkin_interval_ms: 2000
                      rabbitmq: {port: %d, queue: '%s'}
                    """.formatted(proxy.port(), queue)));
            try (DaemonProcess daemon = rig.start(config)) {
                daemon.await(() -> {
                    try {
                        return count(database, "select count(*) from frames where status = 'SORTED'") >= 3;
                    } catch (Exception e) {
                        return false;
                    }
                }, 90, "the first frames sorted (their datasets' jobs on their way to the queue)");
                long sortedBefore = count(database, "select count(*) from frames where status = 'SORTED'");
                proxy.cut();
                Thread.sleep(outageSeconds * 1_000L);
                assertThat(daemon.alive()).as("up through the outage").isTrue();
                long sortedDuring = count(database, "select count(*) from frames where status = 'SORTED'") - sortedBefore;
                proxy.restore();
                long back = System.nanoTime();
                rig.awaitSettled(daemon, database, tom, frameCount, 120 + frameCount);
                double recovery = (System.nanoTime() - back) / 1e9;
                Thread.sleep(5_000); // a second look: no job comes through twice late
                long reductions = count(database, "select count(*) from reductions where status = 'SUCCEEDED'");
                long doubled = count(database, """
                        select count(*) - count(distinct (dataset_id, n)) from (
                          select r.dataset_id, count(i.frame_id) n from reductions r join reduction_inputs i on i.reduction_id = r.id
                          where r.status = 'SUCCEEDED' group by r.id, r.dataset_id) t""");
                long lastSaw = count(database, """
                        select coalesce(sum(n), 0) from (
                          select max(c) n from (select r.dataset_id, count(i.frame_id) c from reductions r
                            join reduction_inputs i on i.reduction_id = r.id where r.status = 'SUCCEEDED' group by r.id, r.dataset_id) t
                          group by dataset_id) m""");
                assertThat(daemon.stop()).isIn(0, 143);
                Kept kept = rig.kept(frames);
                scanSecrets(database);
                TABLE.add(new FaultTable.Row("RabbitMQ unreachable mid-run (a cluster node's connection through a TCP proxy, cut then restored)",
                        String.format("%d s outage after %d of %d frames were sorted", outageSeconds, sortedBefore, frameCount),
                        String.format("the daemon stayed up; %d frames sorted during the outage; every dataset reduced with all its frames and on"
                                + " the TOM %.0f s after RabbitMQ came back; %d successful reductions, their last ones saw %d frames", sortedDuring,
                                recovery, reductions, lastSaw),
                        String.format("%d jobs lost (frames no last reduction saw), %d doubled (reductions that saw no new frame), %s",
                                frameCount - lastSaw, doubled, kept.lost())));
                assertThat(lastSaw).as("frames the datasets' last reductions saw").isEqualTo(frameCount);
                assertThat(doubled).as("reductions that saw the same frames as an earlier one").isZero();
                assertThat(kept.missing()).isZero();
            }
        }
    }

    private static String firstDeadLetterReason(DatabaseConfig database) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(database.url(), database.user(), null);
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("select * from dead_letters order by id")) {
            while (rs.next()) {
                String reason = rs.getString("reason");
                if (reason != null && reason.contains("No space")) {
                    return reason.length() > 300 ? reason.substring(0, 300) + "…" : reason;
                }
            }
        }
        return "(no dead letter about the disk)";
    }

    private static void mount(Path folder, String size) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", folder.toString()).redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes());
        assertThat(mount.waitFor()).as("mount -t tmpfs (the disk-full test needs root, as .ci/run has): " + said).isZero();
    }

    private static void unmount(Path folder) throws Exception {
        new ProcessBuilder("umount", "-l", folder.toString()).inheritIO().start().waitFor();
    }

    private static void fill(Path file, long bytes) throws IOException {
        byte[] block = new byte[1 << 20];
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    /** The operator's step after fixing a refused token: {@code skyroute ctl reset-archive}; returns what it answered. */
    private String resetArchive(Path config, int port, String archive) throws Exception {
        Path output = work.resolve("ctl-" + System.nanoTime() + ".txt");
        ProcessBuilder ctl = SkyrouteJar.command("ctl", "reset-archive", archive, "--config", config.toString()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        ctl.environment().put("SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(port));
        Process process = ctl.start();
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String answer = java.nio.file.Files.readString(output);
        assertThat(process.exitValue()).as(answer).isZero();
        return answer.strip();
    }
}
