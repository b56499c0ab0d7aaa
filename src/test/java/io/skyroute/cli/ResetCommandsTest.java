package io.skyroute.cli;

import io.skyroute.config.DatabaseConfig;
import io.skyroute.config.Secrets;
import io.skyroute.config.TimetagConfig;
import io.skyroute.ledger.DaemonPresence;
import io.skyroute.ledger.DeadLetters;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.TimetagLedger;
import io.skyroute.testing.TestDatabases;
import io.skyroute.timetag.TimetagIngest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reset-db} and {@code reset-fs} (hstlc's resets) on H2 and PostgreSQL: they say what they will do,
 * do nothing unconfirmed, refuse while a daemon holds the ledger, keep bad_data and the dead letters, move
 * ingested files back so that they can be ingested again.
 */
class ResetCommandsTest {

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void resetsKeepWhatCannotBeDerivedAndRefuseWhileADaemonRuns(String kind) throws Exception {
        DatabaseConfig database = TestDatabases.of(kind, work);
        Path data = work.resolve("var");
        Path config = Files.writeString(work.resolve("skyroute.yaml"), """
                data_dir: %s
                database: {url: '%s', user: %s}
                timetag: {enabled: true}
                """.formatted(data, database.url(), database.user()));
        TimetagConfig timetag = new TimetagConfig(true, null, null, null, null, null, null, null, null, null).withDefaultsFor(data, false);
        Files.createDirectories(timetag.ingestDir());
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/timetag"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".fits")).toList()) {
                Files.copy(f, timetag.ingestDir().resolve(f.getFileName()));
            }
        }
        try (LedgerDatabase ledger = LedgerDatabase.connect(database, new Secrets(Map.of())).open()) {
            new TimetagIngest(timetag, new TimetagLedger(ledger), "test").ingestAll();
            new DeadLetters(ledger).record("lco-download", "HTTP 404 for frame 7", "lco frame 7", "ex-1", null, null);
            assertThat(count(ledger, "timetag_exposures")).isEqualTo(4);
            assertThat(count(ledger, "bad_data")).isEqualTo(6);

            CliRunner unconfirmed = withInput("n\n", () -> CliRunner.run("reset-db", "--config", config.toString()));
            assertThat(unconfirmed.exitCode()).isEqualTo(1);
            assertThat(unconfirmed.out()).contains("will empty:", "timetag_exposures", "4 row(s)", "Proceed?");
            assertThat(unconfirmed.err()).contains("not confirmed");
            assertThat(count(ledger, "timetag_exposures")).isEqualTo(4);

            assertThat(CliRunner.run("reset-db", "--config", config.toString(), "nonsense").exitCode()).isEqualTo(2);

            DaemonPresence daemon = new DaemonPresence(ledger, data);
            daemon.start();
            try {
                CliRunner refused = CliRunner.run("reset-db", "--config", config.toString(), "--yes");
                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(refused.err()).contains("a skyroute daemon holds this ledger");
                assertThat(CliRunner.run("reset-fs", "--config", config.toString(), "--yes").exitCode()).isEqualTo(1);
            } finally {
                daemon.stop();
            }
            if (kind.equals("postgres")) {
                // a daemon on another machine: the same database, not the same folder
                DaemonPresence elsewhere = new DaemonPresence(LedgerDatabase.connect(database, new Secrets(Map.of())), work.resolve("elsewhere"));
                elsewhere.start();
                try {
                    assertThat(CliRunner.run("reset-db", "--config", config.toString(), "--yes").err()).contains("holds this ledger");
                } finally {
                    elsewhere.stop();
                }
            }

            CliRunner production = CliRunner.run("reset-db", "--config", config.toString(), "--yes");
            assertThat(production.exitCode()).as(production.err()).isZero();
            assertThat(count(ledger, "timetag_exposures")).isZero();
            assertThat(count(ledger, "bad_data")).isEqualTo(6);

            CliRunner all = CliRunner.run("reset-db", "all", "--config", config.toString(), "--yes");
            assertThat(all.exitCode()).as(all.err()).isZero();
            assertThat(all.out()).contains("bad_data", "(kept: exported and put back)");
            assertThat(count(ledger, "bad_data")).as("bad_data cannot be derived again: put back").isEqualTo(6);
            assertThat(count(ledger, "dead_letters")).isEqualTo(1);
            try (Stream<Path> exports = Files.list(data)) {
                Path export = exports.filter(p -> p.getFileName().toString().startsWith("ledger-reset-")).findFirst().orElseThrow();
                assertThat(Files.readString(export)).contains("no events", "HTTP 404 for frame 7");
            }

            CliRunner fs = CliRunner.run("reset-fs", "--config", config.toString(), "--yes");
            assertThat(fs.exitCode()).as(fs.err()).isZero();
            assertThat(fs.out()).contains("will move 5 file(s)");
            try (Stream<Path> back = Files.list(timetag.ingestDir())) {
                assertThat(back.count()).isEqualTo(5);
            }
            assertThat(timetag.filesystemDir()).isEmptyDirectory();
            assertThat(Files.exists(timetag.compositeDir().resolve("TW-HYA"))).isFalse();
            assertThat(Files.list(timetag.badDataDir()).count()).isEqualTo(6);
            // and the files can be ingested again
            assertThat(new TimetagIngest(timetag, new TimetagLedger(ledger), "test").ingestAll().ingested()).hasSize(4);
        }
    }

    private static long count(LedgerDatabase ledger, String table) throws Exception {
        try (Connection c = ledger.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static CliRunner withInput(String input, java.util.function.Supplier<CliRunner> run) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes()));
        try {
            return run.get();
        } finally {
            System.setIn(before);
        }
    }
}
