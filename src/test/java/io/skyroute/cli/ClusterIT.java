package io.skyroute.cli;

import io.skyroute.config.DatabaseConfig;
import io.skyroute.testing.LcoArchiveStandIn;
import io.skyroute.testing.LcoArchiveStandIn.StoredFrame;
import io.skyroute.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several packaged daemons on one PostgreSQL ledger, one RabbitMQ and one data folder, fed by the LCO stand-in:
 * each schedule fires on one node per period, every frame is downloaded and sorted once, every dataset is
 * reduced once; a worker killed (SIGKILL) in the middle of a reduction leaves its job to another node, which
 * finishes it once the dead node's lease has expired: no lease left, one set of products.
 */
class ClusterIT {

    static final String TOKEN = "cluster-token-31";
    static final List<String> FRAMES = List.of("coj0m403-kb98-20170816-0392-e91", "ogg0m404-kb82-20170816-0336-e91",
            "coj0m405-kb97-20170817-0388-e91", "ogg0m404-kb82-20170815-1160-e91");

    @TempDir
    Path work;

    private final LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN);
    private final List<DaemonProcess> daemons = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (DaemonProcess d : daemons) {
            d.close();
        }
        archive.close();
    }

    /** RabbitMQ on 127.0.0.1:5672, as on the developers' machines and in CI (.ci/run starts it): required, never skipped. */
    static void requireRabbit() {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", 5672), 2000);
        } catch (java.io.IOException e) {
            throw new AssertionError("RabbitMQ on 127.0.0.1:5672 does not answer (.ci/run starts Debian's rabbitmq-server)", e);
        }
    }

    private Path config(DatabaseConfig database, String queue, String node, String role) throws Exception {
        Path template = work.resolve("red_template.yaml");
        if (!Files.exists(template)) {
            Files.writeString(template, """
                    target: {name: PDS_110, RA: "05:23:30.99", Dec: "-01:04:24.0"}
                    photometry:
                      aperture_arcsec: 6.96
                      comparison_stars: ["80.965269 -1.386212", "80.859825 -1.327019"]
                    """);
            Files.writeString(work.resolve("data_download.yaml"), """
                    archives:
                        lco: {url: '%s', token_envvar: LCO_TOKEN, proposals: [P1]}
                    data_download_dir: '%s'
                    data_reduction_dir: '%s'
                    """.formatted(archive.url(), work.resolve("var/downloads/lco"), work.resolve("var/reduction")));
        }
        return Files.writeString(work.resolve(node + ".yaml"), """
                data_dir: %s
                database: {url: '%s', user: %s}
                download: %s
                drop: {enabled: false}
                sorting: {default_red_config: %s}
                schedules: {lco_poll: '0/2 * * * * ?'}
                reduction: {debounce_ms: 3000, due_check_ms: 500, lease_seconds: 6}
                analysis: {enabled: false}
                cluster:
                  enabled: true
                  node_id: %s
                  role: %s
                  checkin_interval_ms: 2000
                  rabbitmq: {queue: '%s'}
                """.formatted(work.resolve("var"), database.url(), database.user(), work.resolve("data_download.yaml"), template, node, role, queue));
    }

    private final List<Integer> ports = new ArrayList<>();

    private DaemonProcess start(Path config) throws Exception {
        int port = DaemonProcess.freePort();
        DaemonProcess daemon = DaemonProcess.start(work, config, List.of(), Map.of("LCO_TOKEN", TOKEN,
                "SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(port)));
        daemons.add(daemon);
        ports.add(port);
        return daemon;
    }

    private void addFrames() throws Exception {
        long id = 900;
        for (String frame : FRAMES) {
            try (InputStream in = getClass().getResourceAsStream("/frames/" + frame + ".fits.fz")) {
                archive.add(new StoredFrame(id++, frame, "P1", Instant.now().minus(Duration.ofHours(1)), "EXPOSE", 91, "kb", "PDS 110", "x",
                        in.readAllBytes()));
            }
        }
    }

    @Test
    void twoNodesShareTheWorkEachThingOnce() throws Exception {
        requireRabbit();
        DatabaseConfig database = TestDatabases.postgres();
        String queue = "skyroute.test." + UUID.randomUUID();
        DaemonProcess a = start(config(database, queue, "node-a", "all"));
        DaemonProcess b = start(config(database, queue, "node-b", "all"));
        addFrames();
        daemons.get(0).await(() -> {
            try {
                return lightcurves() == 2 && reductionLines(a, b) >= 2;
            } catch (Exception e) {
                return false;
            }
        }, 120, "two lightcurves");
        Thread.sleep(4000);   // a second look: nothing is done twice
        for (long id = 900; id < 904; id++) {
            assertThat(archive.count("/storage/" + id + "/")).as("frame " + id + " downloaded once").isEqualTo(1);
        }
        assertThat(count(database, "select count(*) from frames where status = 'SORTED'")).isEqualTo(4);
        assertThat(reductionLines(a, b)).as("each dataset reduced once").isEqualTo(2);
        // the poll schedule: one pass per 2 s period across both nodes
        int before = passes(a, b);
        Thread.sleep(10_000);
        int passes = passes(a, b) - before;
        assertThat(passes).as("LCO passes in 10 s of a 2 s schedule, both nodes together").isBetween(4, 6);
        assertThat(count(database, "select count(*) from cluster_nodes")).isEqualTo(2);

        // both nodes polling the same archive at the same moment (ctl poll on each, besides the schedule): the frame
        // list's UNIQUE constraint admits each new frame once
        try (InputStream in = getClass().getResourceAsStream("/frames/" + FRAMES.get(0) + ".fits.fz")) {
            byte[] bytes = in.readAllBytes();
            archive.add(new StoredFrame(950, "copy-950", "P1", Instant.now().minus(Duration.ofMinutes(30)), "EXPOSE", 91, "kb", "PDS 110", "x", bytes));
            archive.add(new StoredFrame(951, "copy-951", "P1", Instant.now().minus(Duration.ofMinutes(30)), "EXPOSE", 91, "kb", "PDS 110", "x", bytes));
        }
        List<Thread> pollers = new ArrayList<>();
        for (int port : ports) {
            Thread t = new Thread(() -> CliRunner.run("ctl", "--url", "http://127.0.0.1:" + port, "poll", "lco"));
            pollers.add(t);
        }
        pollers.forEach(Thread::start);
        for (Thread t : pollers) {
            t.join(60_000);
        }
        daemons.get(0).await(() -> archive.count("/storage/950/") >= 1 && archive.count("/storage/951/") >= 1, 30, "the new frames");
        Thread.sleep(3000);
        assertThat(archive.count("/storage/950/")).isEqualTo(1);
        assertThat(archive.count("/storage/951/")).isEqualTo(1);
        assertThat(count(database, "select count(*) from frames where natural_id in ('950', '951')")).isEqualTo(2);
        CliRunner status = CliRunner.run("status", "--config", work.resolve("node-a.yaml").toString());
        assertThat(status.out()).contains("Cluster nodes: 2", "node-a", "node-b");
    }

    @Test
    void aWorkerKilledMidReductionLeavesItsJobToAnother() throws Exception {
        requireRabbit();
        DatabaseConfig database = TestDatabases.postgres();
        String queue = "skyroute.test." + UUID.randomUUID();
        start(config(database, queue, "ingest", "ingest"));
        DaemonProcess worker1 = start(config(database, queue, "worker-1", "reduce"));
        DaemonProcess worker2 = start(config(database, queue, "worker-2", "reduce"));
        addFrames();
        // the first worker that starts a reduction is killed in the middle of it
        DaemonProcess[] victim = new DaemonProcess[1];
        daemons.get(0).await(() -> {
            try {
                if (worker1.output().contains(" starts (skyroute")) {
                    victim[0] = worker1;
                } else if (worker2.output().contains(" starts (skyroute")) {
                    victim[0] = worker2;
                }
            } catch (Exception e) {
                return false;
            }
            return victim[0] != null;
        }, 120, "a reduction starting");
        victim[0].kill();
        DaemonProcess survivor = victim[0] == worker1 ? worker2 : worker1;
        daemons.get(0).await(() -> lightcurves() == 2, 120, "both lightcurves, the killed one's by the other worker");
        daemons.get(0).await(() -> {
            try {
                return count(database, "select count(*) from datasets where lock_owner is not null") == 0;
            } catch (Exception e) {
                return false;
            }
        }, 30, "no lease left");
        assertThat(survivor.output()).contains("lightcurve of PDS_110");
        try (var files = Files.walk(work.resolve("var/reduction"))) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith("_lc.csv")).count()).isEqualTo(2);
        }
    }

    private long lightcurves() {
        try (var files = Files.walk(work.resolve("var/reduction"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("_lc.csv")).count();
        } catch (Exception e) {
            return 0;
        }
    }

    private static int reductionLines(DaemonProcess... nodes) throws Exception {
        int n = 0;
        for (DaemonProcess d : nodes) {
            Matcher m = Pattern.compile("lightcurve of PDS_110 in").matcher(d.output());
            while (m.find()) {
                n++;
            }
        }
        return n;
    }

    private static int passes(DaemonProcess... nodes) throws Exception {
        int n = 0;
        for (DaemonProcess d : nodes) {
            Matcher m = Pattern.compile("LCO pass: ").matcher(d.output());
            while (m.find()) {
                n++;
            }
        }
        return n;
    }

    private static long count(DatabaseConfig database, String sql) throws Exception {
        return TestDatabases.count(database, sql);
    }
}
