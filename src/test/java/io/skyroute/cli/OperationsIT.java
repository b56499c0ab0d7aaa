package io.skyroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.testing.LcoArchiveStandIn;
import io.skyroute.testing.LcoArchiveStandIn.StoredFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.skyroute.cli.ManagementHttp.metric;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged daemon on its defaults (only the LCO source named), watched and steered as an operator would:
 * health, metrics and Jolokia on 127.0.0.1:8081 (another free port if 8081 is taken here), every
 * {@code skyroute ctl} operation against it, and a clean stop on SIGTERM.
 */
class OperationsIT {

    private static final String TOKEN = "lco-operations-token";
    private static final String FRAME = "ogg0m404-kb82-20170815-1160-e91";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    final LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN);
    private int port;

    @AfterEach
    void stopArchive() {
        archive.close();
    }

    @Test
    void theDaemonOnItsDefaultsIsWatchedAndSteered() throws Exception {
        archive.add(new StoredFrame(90, FRAME, "P1", Instant.now().minus(Duration.ofHours(1)), "EXPOSE", 91, "kb82", "PDS 110", "rp",
                resource("/frames/" + FRAME + ".fits.fz")));
        Files.createDirectories(work.resolve("config"));
        Files.writeString(work.resolve("config/data_download.yaml"), """
                archives:
                    lco:
                        url: '%s'
                        token_envvar: 'LCO_TOKEN'
                        proposals: ['P1']
                data_download_dir: '%s'
                data_reduction_dir: '%s'
                """.formatted(archive.url(), work.resolve("var/downloads/lco"), work.resolve("var/reduction")));
        // the daemon's own file names the LCO source and nothing else: everything else is the default
        Files.writeString(work.resolve("config/skyroute.yaml"), "download: config/data_download.yaml\n");
        port = portFree(8081) ? 8081 : DaemonProcess.freePort();
        URI management = URI.create("http://127.0.0.1:" + port);
        ManagementHttp http = new ManagementHttp(management);

        try (DaemonProcess daemon = DaemonProcess.start(work, null, List.of("-Dskyroute.reduction.debounce-ms=600000"),
                Map.of("LCO_TOKEN", TOKEN, "SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(port)))) {
            // health: overall (DOWN until each consumer has polled once, as probes expect at start), liveness, readiness, every check
            daemon.await(() -> bodyOf(http, "/observe/health").contains("\"status\":\"UP\""), 30, "health UP");
            assertThat(http.get("/observe/health/live").status()).isEqualTo(200);
            assertThat(http.get("/observe/health/ready").status()).isEqualTo(200);
            JsonNode full = JSON.readTree(http.get("/observe/health?exposureLevel=full").body());
            assertThat(checks(full)).containsEntry("lco-archive-lco", "UP").containsEntry("database", "UP")
                    .containsEntry("disk-space", "UP").containsEntry("datasets", "UP").containsEntry("route:lco-poll", "UP");
            assertThat(http.get("/observe/info").body()).contains("skyroute");

            // Jolokia: the LCO source's routes are there
            assertThat(http.get("/observe/jolokia/search/org.apache.camel:type=routes,*").body()).contains("lco-poll", "lco-download");

            // ctl sources / pause / resume: the poll route's state follows
            assertThat(ctl("sources").output()).contains("lco: polling");
            assertThat(ctl("pause", "lco").output()).contains("lco: paused");
            assertThat(routeState(http, "lco-poll")).isEqualTo("Suspended");
            assertThat(ctl("sources").output()).contains("lco: suspended");
            assertThat(ctl("resume", "lco").output()).contains("lco: resumed");
            assertThat(routeState(http, "lco-poll")).isEqualTo("Started");
            CliOutput unknown = ctl("poll", "mast");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.output()).contains("unknown source 'mast'; configured: lco");

            // ctl poll: a pass now; the frame lands and is sorted, and the metrics say so
            assertThat(ctl("poll", "lco").output()).contains("lco: a pass has started");
            daemon.await(() -> metricNow(http, "skyroute_frames_sorted_total{decision=\"place\",feed=\"lco\"}") == 1.0, 60, "the LCO frame sorted");
            String metrics = http.get("/observe/metrics").body();
            assertThat(metric(metrics, "skyroute_frames_found_total{feed=\"lco\",source=\"lco\"}")).isEqualTo(1.0);
            assertThat(metric(metrics, "skyroute_frames_downloaded_total{feed=\"lco\",source=\"lco\"}")).isEqualTo(1.0);
            assertThat(metric(metrics, "skyroute_download_bytes_total{source=\"lco\"}")).isEqualTo(resource("/frames/" + FRAME + ".fits.fz").length);
            assertThat(metric(metrics, "skyroute_download_duration_seconds_count{source=\"lco\"}")).isEqualTo(1.0);
            assertThat(metrics).contains("camel_exchanges_total{camelContext=\"skyroute\"", "skyroute_queue_depth{queue=\"sort\"}",
                    "skyroute_lease_age_seconds", "jvm_memory_used_bytes");
            assertThat(archive.requests().stream().filter(r -> r.path().equals("/frames/") && "limit=1".equals(r.query())).count())
                    .as("the archive's reachability probe").isGreaterThanOrEqualTo(1);

            // a frame that cannot be read is quarantined with a dead letter; once fixed in quarantine, ctl retry sorts it
            Path drop = work.resolve("var/drop");
            dropInto(drop, "broken.fits", "not a FITS file".getBytes());
            daemon.await(() -> metricNow(http, "skyroute_dead_letters_total{route=\"sort-frame\"}") == 1.0, 60, "the broken frame dead-lettered");
            Path quarantined;
            try (Stream<Path> files = Files.walk(work.resolve("var/quarantine"))) {
                quarantined = files.filter(f -> f.getFileName().toString().equals("broken.fits")).findFirst().orElseThrow();
            }
            assertThat(counts().path("dead_letters_open").asInt()).isEqualTo(1);
            Files.copy(Path.of("samples/frames/coj0m403-kb98-20170816-0392-e91.fits.fz"), quarantined, StandardCopyOption.REPLACE_EXISTING);
            CliOutput retried = ctl("retry", "--route", "sort-frame");
            assertThat(retried.exit()).as(retried.output()).isZero();
            assertThat(retried.output()).contains("1 dead letter(s) of sort-frame", "broken.fits sent back to sorting");
            daemon.await(() -> metricNow(http, "skyroute_frames_sorted_total{decision=\"place\",feed=\"local\"}") == 1.0, 60, "the fixed frame sorted");
            assertThat(counts().path("dead_letters_open").asInt()).isZero();
            assertThat(ctl("retry", "999999").output()).contains("no dead letter 999999");
            assertThat(ctl("retry", "999999").exit()).isEqualTo(1);

            // ctl reduce: the dataset of the two frames is reduced now (not an hour later)
            Path dataset;
            try (Stream<Path> found = Files.walk(work.resolve("var/reduction"), 3)) {
                dataset = found.filter(p -> p.getNameCount() - work.resolve("var/reduction").getNameCount() == 3).findFirst().orElseThrow();
            }
            String label = work.resolve("var/reduction").relativize(dataset).toString();
            long reductionsBefore = reductions(counts());
            assertThat(ctl("reduce", label).output()).contains(label + ": reduction started");
            daemon.await(() -> reductions(countsQuietly()) > reductionsBefore, 120, "a reduction of " + label + " recorded");
            assertThat(ctl("reduce", "../../etc").exit()).isEqualTo(1);

            // the Grafana dashboard in deploy/ asks only for metrics the daemon serves
            String served = http.get("/observe/metrics").body();
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b((?:skyroute|camel|jvm|process|system)_[a-z_]+)")
                    .matcher(Files.readString(Path.of("deploy/grafana/skyroute-dashboard.json")));
            List<String> firstEventOnly = List.of("skyroute_uploads_total", "skyroute_frames_failed_total", "skyroute_lightcurves_published_total",
                    "camel_exchanges_failed_total");
            while (names.find()) {
                String name = names.group(1);
                if (!firstEventOnly.contains(name)) {
                    assertThat(served).as("the dashboard's " + name).containsPattern("(?m)^" + name + "[{ ]");
                }
            }

            // ctl release-lease: a lease left by a machine that died is cleared
            holdLease(dataset, "machine-that-died");
            assertThat(ctl("release-lease", label).output()).contains("released the lease held by machine-that-died");
            assertThat(ctl("release-lease", label).output()).contains("no lease was held");

            // ctl counts and health
            JsonNode counts = counts();
            assertThat(counts.path("frames").path("SORTED").asInt()).isEqualTo(2);
            assertThat(counts.path("datasets").asInt()).isEqualTo(2);
            CliOutput health = ctl("health", "--ready");
            assertThat(health.exit()).isZero();
            assertThat(health.output()).contains("\"status\":\"UP\"");

            // SIGTERM stops it cleanly
            assertThat(daemon.stop()).isEqualTo(143);
            assertThat(daemon.output()).contains("skyroute stopped");
        }
        CliOutput gone = ctl("counts");
        assertThat(gone.exit()).as("no daemon any more").isEqualTo(3);
        assertThat(gone.output()).contains("no daemon answers at http://127.0.0.1:" + port);
    }

    private static boolean portFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private Map<String, String> checks(JsonNode health) {
        Map<String, String> checks = new java.util.HashMap<>();
        health.path("checks").forEach(c -> checks.put(c.path("name").asText(), c.path("status").asText()));
        return checks;
    }

    private static String routeState(ManagementHttp http, String route) throws Exception {
        String body = http.get("/observe/jolokia/read/org.apache.camel:context=skyroute,type=routes,name=%22" + route + "%22/State").body();
        return JSON.readTree(body).path("value").asText();
    }

    private static String bodyOf(ManagementHttp http, String path) {
        try {
            return http.get(path).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static double metricNow(ManagementHttp http, String nameAndLabels) {
        try {
            return metric(http.get("/observe/metrics").body(), nameAndLabels);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static long reductions(JsonNode counts) {
        long total = 0;
        for (JsonNode n : counts.path("reductions")) {
            total += n.asLong();
        }
        return total;
    }

    private JsonNode counts() throws Exception {
        CliOutput counts = ctl("counts");
        assertThat(counts.exit()).as(counts.output()).isZero();
        return JSON.readTree(counts.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    }

    private JsonNode countsQuietly() {
        try {
            return counts();
        } catch (Exception | AssertionError e) {
            return JSON.createObjectNode();
        }
    }

    /** A lease as another machine's daemon takes it, written into the daemon's embedded ledger through its auto-server. */
    private void holdLease(Path dataset, String owner) throws Exception {
        Path db = work.resolve("var/db");
        String url = "jdbc:h2:file:" + db.resolve("skyroute") + ";AUTO_SERVER=TRUE"; // reaches the running daemon's database
        try (Connection connection = DriverManager.getConnection(url, "sa", Files.readString(db.resolve(".ledger-password")).trim());
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE datasets SET lock_owner = ?, lock_expires_at = ?, lock_acquired_at = ? WHERE path = ?")) {
            update.setString(1, owner);
            update.setObject(2, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1));
            update.setObject(3, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(10));
            update.setString(4, dataset.toAbsolutePath().normalize().toString());
            assertThat(update.executeUpdate()).as("the dataset's row").isEqualTo(1);
        }
    }

    private static void dropInto(Path drop, String name, byte[] content) throws IOException {
        Path hidden = drop.resolve("." + name);
        Files.write(hidden, content);
        Files.move(hidden, drop.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    record CliOutput(int exit, String output) {
    }

    private CliOutput ctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ctl"));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(work, "ctl", ".txt");
        ProcessBuilder builder = SkyrouteJar.command(command.toArray(String[]::new)).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(port)); // as the daemon was started
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new CliOutput(process.exitValue(), Files.readString(output));
    }

    private byte[] resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
