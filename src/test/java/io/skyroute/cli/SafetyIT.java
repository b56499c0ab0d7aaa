package io.skyroute.cli;

import io.skyroute.testing.LcoArchiveStandIn;
import io.skyroute.testing.OtherHost;
import io.skyroute.testing.SmallFrames;
import io.skyroute.testing.TcpProxy;
import io.skyroute.testing.TestDatabases;
import io.skyroute.testing.TomStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The packaged daemon probed as a hostile world would (issue 14): credentials kept at home, echoed
 * credentials redacted, the embedded database its owner's only, nothing lost from the drop folder when the
 * database goes away or a SIGTERM comes mid-drop, and bad files quarantined with their reasons.
 */
class SafetyIT {

    static final String TOKEN = "lco-token-9f8e7d6c5b4a";
    static final String TOM_PASSWORD = "tom-secret-4417";

    @TempDir
    Path work;

    @Test
    void credentialsGoToTheConfiguredOriginOnly() throws Exception {
        try (LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN); OtherHost other = new OtherHost();
             TomStandIn tom = new TomStandIn("pipeline", TOM_PASSWORD)) {
            // the archive's frame list redirects (302) to another host, twice
            archive.fault("/frames/", new LcoArchiveStandIn.Fault(302, Map.of("Location", other.url() + "/frames/?stolen=1"), "", 0, null, false));
            Path download = Files.writeString(work.resolve("data_download.yaml"), """
                    archives:
                        lco:
                            url: '%s'
                            token_envvar: 'LCO_TOKEN'
                            proposals: ['KEY2024-004']
                    data_download_dir: '%s'
                    data_reduction_dir: '%s'
                    """.formatted(archive.url(), work.resolve("downloads"), work.resolve("red")));
            Path config = Files.writeString(work.resolve("skyroute.yaml"), "data_dir: " + work.resolve("var") + "\n");
            Result pass = run(Map.of("LCO_TOKEN", TOKEN), "download", download.toString(), "--config", config.toString());
            assertThat(pass.exit()).as(pass.output()).isZero();
            assertThat(other.requests()).as("the redirect was followed").isNotEmpty();
            assertThat(other.requests()).as("without the token").allSatisfy(r -> assertThat(r.authorization()).isNull());

            // a TOM list whose 'next' link points at another host: refused, and the Basic credentials stay home
            tom.addTarget("PDS_110");
            tom.nextLinkTo(other.url() + "/api/targets/?page=2");
            int before = other.requests().size();
            Path tomConfig = Files.writeString(work.resolve("tom_config.yaml"),
                    "url: " + tom.url() + "\ntom_user_id: pipeline\ntom_password_envvar: TOM_PW\n");
            Path withTom = Files.writeString(work.resolve("skyroute-tom.yaml"), "data_dir: " + work.resolve("var") + "\ntom: " + tomConfig + "\n");
            Path lc = lightcurve();
            Result upload = run(Map.of("TOM_PW", TOM_PASSWORD), "tom", "upload", "--config", withTom.toString(), lc.toString());
            assertThat(upload.exit()).isEqualTo(1);
            assertThat(upload.output()).contains("'next' link points to another origin", "refusing to follow it");
            assertThat(other.requests()).hasSize(before);
            assertThat(tom.uploadsReceived()).isZero();
        }
    }

    /** A TOM that echoes the request's Authorization and the password in every encoding (issue 42): masked everywhere. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {TOM_PASSWORD, "S3cr\"et\\pw/\u00e9+9 and more"})
    void credentialsEchoedByAServerAreRedactedFromLogsDeadLettersAndStatus(String password) throws Exception {
        try (TomStandIn tom = new TomStandIn("pipeline", password)) {
            tom.addTarget("PDS_110");
            tom.echoAuthorizationOnUpload();
            Path tomConfig = Files.writeString(work.resolve("tom_config.yaml"),
                    "url: " + tom.url() + "\ntom_user_id: pipeline\ntom_password_envvar: TOM_PW\n");
            Path config = Files.writeString(work.resolve("skyroute.yaml"), "data_dir: " + work.resolve("var") + "\ntom: " + tomConfig + "\n");
            Result upload = run(Map.of("TOM_PW", password), "tom", "upload", "--config", config.toString(), lightcurve().toString());
            Result status = run(Map.of(), "status", "--json", "--config", config.toString());

            assertThat(upload.exit()).isEqualTo(1);
            assertThat(upload.output()).contains("HTTP 400", "\"password\": \"******\"", "password=******", "/login/******");
            assertThat(status.output()).contains("recent_dead_letters", "HTTP 400");
            String everything = upload.output() + status.output() + Files.readString(work.resolve("var/logs/skyroute.log"));
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            String form = java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
            for (String echoed : List.of(password, json.writeValueAsString(password).replaceAll("^\"|\"$", ""),
                    json.copy().configure(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature(), true)
                            .writeValueAsString(password).replaceAll("^\"|\"$", "").replace("/", "\\/"),
                    form, form.replace("+", "%20"),
                    Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)),
                    Base64.getEncoder().encodeToString(("pipeline:" + password).getBytes(StandardCharsets.UTF_8)))) {
                assertThat(everything).as(echoed).doesNotContain(echoed);
            }
        }
    }

    @Test
    void theEmbeddedDatabaseIsTheOwnersOnlyAndASigtermMidDropLosesNothing() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = Files.writeString(work.resolve("skyroute.yaml"), """
                data_dir: %s
                management:
                  http_port: %d
                """.formatted(work.resolve("var"), port));
        Path drop = work.resolve("var/drop");
        Path outside = Files.writeString(work.resolve("outside.fits"), "a file outside the drop folder");
        int frames = 300;
        try (DaemonProcess daemon = DaemonProcess.start(work, config, List.of(), Map.of())) {

            Path db = work.resolve("var/db");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db.resolve(".ledger-password")))).isEqualTo("rw-------");
            Properties lock = new Properties();
            try (InputStream in = Files.newInputStream(db.resolve("skyroute.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server");
            assertThat(server).as("the auto-server's address").matches("(localhost|127\\.0\\.0\\.1):\\d+");
            int h2Port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
            server = "127.0.0.1:" + h2Port;
            for (InetAddress address : nonLoopbackAddresses()) {
                assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress(address, h2Port), 2000))
                        .as("the ledger's port on " + address).isInstanceOf(IOException.class);
            }
            String tcpUrl = "jdbc:h2:tcp://" + server + "/" + db.resolve("skyroute") + ";AUTO_SERVER=TRUE";
            assertThatThrownBy(() -> DriverManager.getConnection(tcpUrl, "sa", "")).as("sa without a password").isInstanceOf(SQLException.class);

            // an empty file and a symbolic link are quarantined with their reasons; 300 frames arrive and SIGTERM comes mid-way
            Files.createFile(drop.resolve("empty.fits"));
            Files.createSymbolicLink(drop.resolve("link.fits"), outside);
            daemon.awaitText("empty (0 bytes)", 30);
            daemon.awaitText("a symbolic link", 30);
            for (int i = 0; i < frames; i++) {
                SmallFrames.drop(drop, String.format("frame-%03d.fits", i), "FIELD_" + (i % 3), i);
                if (i == 200) {
                    daemon.awaitText("frame-0", 30); // some have landed: stop while the rest are being taken in
                }
            }
            assertThat(daemon.stop()).as(daemon.output()).isEqualTo(143);
            assertThat(daemon.output()).contains("SIGTERM received", "skyroute stopped").doesNotContain("already closed");
        }
        try (DaemonProcess again = DaemonProcess.start(work, config, List.of(), Map.of())) {
            again.await(() -> localFramesOnDisk(drop) == 0, 60, "the drop folder to empty");
            again.await(() -> ledgerFrames(again) >= frames, 60, "every frame in the ledger");
            again.stop();
        }
        assertThat(Files.readString(work.resolve("var/logs/skyroute.log"))).doesNotContain("already closed").doesNotContain("Database is closed");
        Path quarantine = work.resolve("var/quarantine/local-drop");
        assertThat(quarantine.resolve("empty.fits")).exists();
        assertThat(quarantine.resolve("empty.fits.reason.txt")).content().contains("empty (0 bytes)");
        assertThat(Files.isSymbolicLink(quarantine.resolve("link.fits"))).as("the link itself, quarantined").isTrue();
        assertThat(outside).hasContent("a file outside the drop folder");
        try (Stream<Path> reduced = Files.walk(work.resolve("var/reduction"))) {
            assertThat(reduced.filter(p -> p.getFileName().toString().equals("link.fits"))).isEmpty();
        }
        assertThat(countLocalFrames(work.resolve("var/db"))).isEqualTo(frames);
    }

    @Test
    void theDropFolderLosesNothingWhileTheDatabaseIsAway() throws Exception {
        String url = TestDatabases.postgres().url();
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        java.net.URI pg = java.net.URI.create(url.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort() == -1 ? 5432 : pg.getPort())) {
            String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + pg.getPath() + "?currentSchema=" + schema + "&connectTimeout=3&socketTimeout=10";
            Path config = Files.writeString(work.resolve("skyroute.yaml"), """
                    data_dir: %s
                    database:
                      url: "%s"
                      user: %s
                    retry:
                      max_redeliveries: 2
                      initial_delay_ms: 200
                      max_delay_ms: 1000
                    """.formatted(work.resolve("var"), proxied, TestDatabases.postgresUser()));
            Path drop = work.resolve("var/drop");
            int frames = 60;
            try (DaemonProcess daemon = DaemonProcess.start(work, config, List.of("-Dskyroute.drop.recover-period-ms=3000",
                    "-Dskyroute.sort.pending-period-ms=3000", "-Dskyroute.sort.pending-delay-ms=3000"), Map.of())) {
                for (int i = 0; i < frames; i++) {
                    if (i == 20) {
                        proxy.cut(); // the database goes away for ~20 s while frames keep arriving
                    }
                    if (i == 40) {
                        Thread.sleep(15_000);
                        proxy.restore();
                    }
                    SmallFrames.drop(drop, String.format("frame-%02d.fits", i), "FIELD", i);
                    Thread.sleep(100);
                }
                daemon.await(() -> postgresCount(url, "SELECT count(*) FROM frames WHERE source = 'local'") >= frames, 120,
                        "all " + frames + " frames in the ledger without a restart");
                assertThat(daemon.alive()).isTrue();
                daemon.stop();
            }
            assertThat(postgresCount(url, "SELECT count(*) FROM frames WHERE source = 'local'")).isEqualTo(frames);
            try (Stream<Path> left = Files.list(drop)) {
                assertThat(left.filter(p -> !p.getFileName().toString().startsWith("."))).isEmpty();
            }
        }
    }

    @Test
    void hostileFramesAreRefusedWithReasonsAndNeverHoldUpTheOthers() throws Exception {
        Path config = Files.writeString(work.resolve("skyroute.yaml"), "data_dir: " + work.resolve("var") + "\n");
        try (DaemonProcess daemon = DaemonProcess.start(work, config, List.of("-Dskyroute.reduction.debounce-ms=1500",
                "-Dskyroute.reduction.due-check-ms=500"), Map.of())) {
            Path drop = work.resolve("var/drop");
            for (String hostile : List.of("long-object.fits.fz", "znaxis-40000.fits.fz", "znaxis-2e9.fits.fz", "garbage.fits", "text.fits")) {
                Path hidden = drop.resolve("." + hostile);
                Files.copy(Path.of("src/test/resources/hostile", hostile), hidden);
                Files.move(hidden, drop.resolve(hostile));
            }
            for (int i = 0; i < 5; i++) {
                SmallFrames.drop(drop, "good-" + i + ".fits", "GOOD", i);
            }
            Path good = work.resolve("var/reduction/GOOD/sbig/rp");
            daemon.await(() -> countFiles(good, "good-") == 5, 30, "the good frames sorted");
            Path hostileDataset = work.resolve("var/reduction/HOSTILE/sbig/rp");
            daemon.await(() -> Files.exists(hostileDataset.resolve("aperture_pipeline.log")), 60, "the hostile dataset's reduction");
            daemon.awaitText("more than the limit of 16777216", 60);
            daemon.awaitText("reduce-dataset", 60);
            assertThat(Files.readString(hostileDataset.resolve("aperture_pipeline.log")))
                    .contains("excluded znaxis-40000.fits.fz", "ZNAXIS1 x ZNAXIS2 = 40000 x 40000 pixels, more than the limit")
                    .contains("excluded znaxis-2e9.fits.fz");
            try (Stream<Path> targets = Files.list(work.resolve("var/reduction"))) {
                assertThat(targets.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("XXXX")))
                        .singleElement().satisfies(n -> assertThat(n).hasSize(100).matches("X{87}-[0-9a-f]{12}"));
            }
            daemon.await(() -> countFiles(work.resolve("var/quarantine/sort-frame"), ".fits") >= 2, 30, "unreadable frames quarantined");
            Result status = run(Map.of(), "status", "--json", "--config", config.toString());
            assertThat(status.output()).contains("\"failed\"").contains("HOSTILE");
            assertThat(daemon.alive()).isTrue();
            assertThat(daemon.stop()).isEqualTo(143);
            assertThat(daemon.output()).doesNotContain("OutOfMemoryError").doesNotContain("File name too long");
        }
    }

    @Test
    void badConfigurationStopsRunBeforeAnythingStarts() throws Exception {
        Path config = Files.writeString(work.resolve("skyroute.yaml"), """
                data_dir: %s
                management:
                  http_port: 99999
                database:
                  pool_size: -3
                """.formatted(work.resolve("var")));
        Result run = run(Map.of(), "run", "--config", config.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains(config + ": management.http_port: expected from 0 to 65535, found the number 99999",
                config + ": database.pool_size: expected from 1 to 200, found the number -3").doesNotContain("\tat ");
        assertThat(work.resolve("var")).doesNotExist();
    }

    /** Issue 42: a heap too small for the frames the configuration admits is refused at start, with the figure it needs. */
    @Test
    void aHeapTooSmallForTheLargestFramesIsRefusedWithTheFigure() throws Exception {
        Path config = Files.writeString(work.resolve("skyroute.yaml"), "data_dir: " + work.resolve("var") + "\n");
        Path output = work.resolve("small-heap.txt");
        Process process = SkyrouteJar.command(List.of("-Xmx128m"), "run", "--config", config.toString()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(output)).contains(config + ": reduction.max_image_pixels: the daemon needs a heap of 2 frame(s) in flight",
                "16777216 pixels", "= 748 MB, this JVM has 128 MB", "-Xmx748m").doesNotContain("\tat ");
        assertThat(work.resolve("var/.daemon.lock")).as("refused before anything was taken").doesNotExist();
    }

    /** Issue 42: a second daemon on the same data folder, or on a taken management port, is refused with one clear line. */
    @Test
    void aSecondDaemonOnTheSameFolderOrPortIsRefused() throws Exception {
        int port = DaemonProcess.freePort();
        Path config = Files.writeString(work.resolve("skyroute.yaml"), "data_dir: " + work.resolve("var") + "\n");
        try (DaemonProcess first = DaemonProcess.start(work, config, List.of(), Map.of("SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(port)))) {
            Result sameFolder = run(Map.of("SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(DaemonProcess.freePort())), "run", "--config", config.toString());
            assertThat(sameFolder.exit()).isEqualTo(2);
            assertThat(sameFolder.output()).contains(config + ": data_dir: another daemon runs on " + work.resolve("var"),
                    "pid " + first.pid() + " on ").doesNotContain("\tat ");
            Path other = Files.writeString(work.resolve("other.yaml"), "data_dir: " + work.resolve("var2") + "\n");
            Result samePort = run(Map.of("SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(port)), "run", "--config", other.toString());
            assertThat(samePort.exit()).isEqualTo(2);
            assertThat(samePort.output()).contains(other + ": management.http_port: port " + port + " on 127.0.0.1 is taken by another process");
            assertThat(first.alive()).isTrue();
            first.kill();
        }
        // kill -9 leaves the lock file, not the lock: the next daemon starts
        try (DaemonProcess next = DaemonProcess.start(work, config, List.of(), Map.of())) {
            assertThat(next.alive()).isTrue();
            assertThat(next.stop()).isEqualTo(143);
        }
    }

    // --- helpers ---

    record Result(int exit, String output) {
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        Path output = Files.createTempFile(work, "out", ".txt");
        ProcessBuilder builder = SkyrouteJar.command(args).directory(work.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(output));
    }

    private Path lightcurve() throws IOException {
        Path dataset = Files.createDirectories(work.resolve("red/PDS_110/sbig/rp"));
        Files.writeString(dataset.resolve("reduction_config.yaml"), "target: {name: PDS_110, RA: 1, Dec: 1}\n");
        return Files.writeString(dataset.resolve("PDS_110_rp_lc.csv"), "time,filter,magnitude,error\n57981.6,rp,13.8,0.002\n");
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
    }

    private static long countFiles(Path folder, String part) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().contains(part)).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long localFramesOnDisk(Path drop) {
        try (Stream<Path> files = Files.list(drop)) {
            return files.filter(p -> p.getFileName().toString().startsWith("frame-")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private long ledgerFrames(DaemonProcess daemon) {
        try {
            Result status = run(Map.of(), "status", "--json", "--config", work.resolve("skyroute.yaml").toString());
            String out = status.output();
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.substring(out.indexOf('{'), out.lastIndexOf('}') + 1));
            long total = 0;
            for (var count : json.path("frames")) {
                total += count.asLong();
            }
            return total;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Local frames in the stopped daemon's embedded ledger, read with the password it generated. */
    private static long countLocalFrames(Path db) throws Exception {
        String password = Files.readString(db.resolve(".ledger-password")).trim();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + db.resolve("skyroute") + ";AUTO_SERVER=TRUE", "sa", password);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM frames WHERE source = 'local'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long postgresCount(String url, String query) {
        try (Connection c = DriverManager.getConnection(url, TestDatabases.postgresUser(), null);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
