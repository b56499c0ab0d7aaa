package io.skyroute.cli;

import io.skyroute.config.DatabaseConfig;
import io.skyroute.config.Secrets;
import io.skyroute.ledger.Frame;
import io.skyroute.ledger.LedgerDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts {@code java -jar target/skyroute.jar run} as its own JVM, as an operator would: it loads YAML routes, serves health,
 * takes a real frame from the drop folder, can be read by a second process while it runs, keeps its
 * database password out of the logs, and stops cleanly on SIGTERM.
 */
class DaemonProcessIT {

    static final String FRAME = "ogg0m404-kb82-20170815-1160-e91.fits.fz";
    static final String DB_PASSWORD = "s3cret-H2-pw-7781";

    @TempDir
    Path work;

    @Test
    void runsServesAndStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("hello.yaml"), """
                - route:
                    id: ops-hello
                    from:
                      uri: timer:hello?repeatCount=1
                      steps:
                        - log: "hello from the YAML routes of {{skyroute.data-dir}}"
                """);
        Path config = work.resolve("skyroute.yaml");
        Files.writeString(config, """
                data_dir: %s
                routes_dir: %s
                database:
                  password_envvar: SKYROUTE_TEST_DB_PW
                management:
                  http_port: %d
                """.formatted(work.resolve("var"), routes, port));
        Path console = work.resolve("console.log");
        ProcessBuilder builder = SkyrouteJar.command("run", "--config", config.toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
        builder.environment().put("SKYROUTE_TEST_DB_PW", DB_PASSWORD);
        Process daemon = builder.start();
        try {
            awaitText(console, "(skyroute) started", 90);
            awaitText(console, "hello from the YAML routes of " + work.resolve("var"), 30);

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("UP");

            Path drop = work.resolve("var/drop");
            Path temporary = drop.resolve(".incoming.part");
            try (InputStream in = getClass().getResourceAsStream("/frames/" + FRAME)) {
                Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temporary, drop.resolve(FRAME), StandardCopyOption.ATOMIC_MOVE);
            awaitText(console, "Landed", 30);
            awaitText(console, FRAME + " -> ", 30);
            assertThat(work.resolve("var/reduction/PDS_110/sbig/rp").resolve(FRAME)).exists();
            assertThat(work.resolve("var/reduction/PDS_110/sbig/rp/reduction_config.yaml")).exists();

            // a second process (the status command, an operator) reads the embedded ledger while the daemon runs
            DatabaseConfig database = new DatabaseConfig(
                    "jdbc:h2:file:" + work.resolve("var/db/skyroute") + ";AUTO_SERVER=TRUE", "sa", "SKYROUTE_TEST_DB_PW", 1);
            try (LedgerDatabase ledger = LedgerDatabase.connect(database, new Secrets(Map.of("SKYROUTE_TEST_DB_PW", DB_PASSWORD)))) {
                List<Frame> frames = ledger.inTransaction(em -> em.createQuery("select f from Frame f", Frame.class).getResultList());
                assertThat(frames).extracting(Frame::getNaturalId).containsExactly(FRAME);
                assertThat(frames).extracting(Frame::getStatus).as("recorded in the same transaction as the move")
                        .containsExactly(io.skyroute.ledger.FrameStatus.SORTED);
            }
        } finally {
            daemon.destroy(); // SIGTERM
            assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
        }
        String output = Files.readString(console);
        assertThat(daemon.exitValue()).as(output).isIn(0, 143);
        assertThat(output).contains("SIGTERM received").contains("(skyroute) shutdown").contains("skyroute stopped");
        assertThat(work.resolve("var/db/skyroute.lock.db")).as("the database was closed").doesNotExist();

        String logFile = Files.readString(work.resolve("var/logs/skyroute.log"));
        assertThat(logFile).contains("(skyroute) started").contains("Landed").contains("skyroute stopped");
        assertThat(output).doesNotContain(DB_PASSWORD);
        assertThat(logFile).doesNotContain(DB_PASSWORD);
    }

    private static void awaitText(Path file, String text, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + text + "' did not appear within " + seconds + " s; output:\n" + Files.readString(file));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
