package io.skyroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.config.DatabaseConfig;
import io.skyroute.config.Secrets;
import io.skyroute.ledger.DeadLetter;
import io.skyroute.ledger.Frame;
import io.skyroute.ledger.FrameStatus;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandHasHelp() {
        List<String> paths = new ArrayList<>();
        collect(SkyrouteCommand.commandLine(), "", paths);
        assertThat(paths).contains("run", "download", "sort", "status", "db", "db migrate", "config", "config check");
        for (String path : paths) {
            List<String> args = new ArrayList<>(List.of(path.split(" ")));
            args.add("--help");
            CliRunner result = CliRunner.run(args.toArray(String[]::new));
            assertThat(result.exitCode()).as(path).isZero();
            assertThat(result.out()).as(path).contains("Usage: skyroute " + path);
        }
    }

    @Test
    void configCheckAcceptsEachShippedExample() {
        CliRunner result = CliRunner.run("config", "check", "config/data_download.yaml");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("OK: config/data_download.yaml is the LCO download configuration");
    }

    @Test
    void configCheckListsEveryProblemAndExitsWithTwo() throws IOException {
        Path file = dir.resolve("tom_config.yaml");
        Files.writeString(file, "url: [a]\npassword: x\n");
        CliRunner result = CliRunner.run("config", "check", file.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Configuration problems (3)")
                .contains(file + ": url: expected a text value")
                .contains(file + ": password: unknown key")
                .contains(file + ": tom_user_id: missing required key");
    }

    @Test
    void configCheckOfTheDaemonFileChecksTheFilesItNames() throws IOException {
        Path tom = dir.resolve("tom_config.yaml");
        Files.writeString(tom, "url: https://tom\n");
        Path daemon = dir.resolve("skyroute.yaml");
        Files.writeString(daemon, "tom: " + tom + "\ndownload: config/data_download.yaml\n");
        CliRunner result = CliRunner.run("config", "check", daemon.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(tom + ": tom_user_id: missing required key");

        Files.writeString(tom, "url: https://tom\ntom_user_id: me\ntom_password: plain-text-pw\n");
        if (System.getenv("LCO_ARCHIVE_TOKEN") == null) {
            // the example's active archive takes its token from LCO_ARCHIVE_TOKEN: unset, run would refuse, and so does check
            CliRunner noToken = CliRunner.run("config", "check", daemon.toString());
            assertThat(noToken.exitCode()).isEqualTo(2);
            assertThat(noToken.err()).contains("config/data_download.yaml: archives.lco.token_envvar: environment variable 'LCO_ARCHIVE_TOKEN'"
                    + " is not set");
        }
        // with the token's variable one that every environment has, the files pass
        Path download = Files.writeString(dir.resolve("data_download.yaml"), Files.readString(Path.of("config/data_download.yaml"))
                .replace("'LCO_ARCHIVE_TOKEN'", "'PATH'"));
        Files.writeString(daemon, "tom: " + tom + "\ndownload: " + download + "\n");
        CliRunner ok = CliRunner.run("config", "check", daemon.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("OK: " + daemon).contains("OK: " + tom).contains("OK: " + download)
                .contains("warning: " + tom + ": tom_password: holds a secret").doesNotContain("plain-text-pw");
    }

    /** Issue 42: the heap the daemon needs (what bin/skyroute run starts it with): frames in flight x largest frame, and the rest. */
    @Test
    void configHeapPrintsTheHeapTheConfigurationNeeds() throws IOException {
        Path small = Files.writeString(dir.resolve("small.yaml"), "reduction: {max_image_pixels: 1600000}\n");
        Path big = Files.writeString(dir.resolve("big.yaml"), "reduction: {max_image_pixels: 16777216, frames_in_flight: 3}\n");
        assertThat(CliRunner.run("config", "heap", "--config", small.toString()).out().trim()).isEqualTo("198");  // 2 x 1.6 M x 19 B + 140 MB
        assertThat(CliRunner.run("config", "heap", "run", "--config", small.toString(), "--hawtio").out().trim()).isEqualTo("326");
        assertThat(CliRunner.run("config", "heap", "--config", big.toString()).out().trim()).isEqualTo("1052");
        assertThat(CliRunner.run("config", "check", "--kind", "skyroute", big.toString()).out()).contains("note: the daemon needs a heap of 3 frame(s) in flight",
                "= 1052 MB");
    }

    @Test
    void configCheckRejectsAnUnknownKind() {
        CliRunner result = CliRunner.run("config", "check", "--kind", "weather", "config/tom_config.yaml");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown kind 'weather'");
    }

    @Test
    void aNamedConfigFileThatDoesNotExistIsAnError() {
        CliRunner result = CliRunner.run("status", "--config", dir.resolve("nope.yaml").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("nope.yaml: file does not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void dbMigrateThenStatusReadsTheLedger(String kind) throws Exception {
        DatabaseConfig database = TestDatabases.of(kind, dir);
        Path config = daemonConfig(database);

        CliRunner before = CliRunner.run("status", "--config", config.toString());
        assertThat(before.exitCode()).isEqualTo(1);
        assertThat(before.err()).contains("skyroute db migrate");

        CliRunner migrate = CliRunner.run("db", "migrate", "--config", config.toString());
        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains("8 migration(s) applied, schema at version 8");
        assertThat(CliRunner.run("db", "migrate", "--config", config.toString()).out()).contains("0 migration(s) applied");

        try (LedgerDatabase ledger = LedgerDatabase.connect(database, new Secrets(Map.of())).open()) {
            ledger.inTransactionDo(em -> {
                em.persist(new Frame("lco", "1", "a.fits.fz", "m1", FrameStatus.DOWNLOADED));
                em.persist(new Frame("lco", "2", "b.fits.fz", "m2", FrameStatus.DOWNLOADED));
                Frame bad = new Frame("lco", "3", "c.fits.fz", "m3", FrameStatus.FAILED);
                em.persist(bad);
                em.persist(new DeadLetter("lco-download", "md5 mismatch after 6 tries", "https://archive/c", "x-1", bad));
            });
        }
        CliRunner status = CliRunner.run("status", "--config", config.toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("Frames: 3").containsPattern("downloaded\\s+2").containsPattern("failed\\s+1")
                .contains("Dead letters: 1").contains("lco-download").contains("md5 mismatch after 6 tries");

        JsonNode json = new ObjectMapper().readTree(CliRunner.run("status", "--json", "--config", config.toString()).out());
        assertThat(json.at("/frames/downloaded").asLong()).isEqualTo(2);
        assertThat(json.at("/dead_letters").asLong()).isEqualTo(1);
        assertThat(json.at("/recent_dead_letters/0/route").asText()).isEqualTo("lco-download");
    }

    @Test
    void sortBackfillsAFolderWithTheDaemonsRulesAndLedger() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("old-data/night1"));
        try (var in = getClass().getResourceAsStream("/frames/ogg0m404-kb82-20170815-1160-e91.fits.fz")) {
            Files.copy(in, folder.resolve("ogg0m404-kb82-20170815-1160-e91.fits.fz"));
        }
        Files.writeString(folder.resolve("broken.fits"), "not FITS");
        Files.writeString(folder.resolve("notes.txt"), "ignored: not a FITS name");
        Path config = dir.resolve("skyroute.yaml");
        Files.writeString(config, "data_dir: " + dir.resolve("var") + "\nsorting:\n  reduction_dir: " + dir.resolve("red") + "\n");

        CliRunner result = CliRunner.run("sort", dir.resolve("old-data").toString(), "--config", config.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Sorted 2 file(s): {place=1, quarantine=1}");
        assertThat(dir.resolve("red/PDS_110/sbig/rp/ogg0m404-kb82-20170815-1160-e91.fits.fz")).exists();
        assertThat(dir.resolve("var/quarantine/sort-frame/broken.fits")).exists();
        assertThat(folder.resolve("notes.txt")).exists();
        CliRunner status = CliRunner.run("status", "--config", config.toString());
        assertThat(status.out()).containsPattern("sorted\\s+1").containsPattern("quarantined\\s+1").contains("broken.fits: not a FITS file");
    }

    private Path daemonConfig(DatabaseConfig database) throws IOException {
        Path file = dir.resolve("skyroute.yaml");
        Files.writeString(file, "data_dir: " + dir.resolve("var") + "\n"
                + "database:\n  url: \"" + database.url() + "\"\n  user: " + database.user() + "\n");
        return file;
    }

    private static void collect(CommandLine command, String prefix, List<String> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            String path = prefix.isEmpty() ? name : prefix + " " + name;
            paths.add(path);
            collect(sub, path, paths);
        });
    }
}
