package io.skyroute.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(Map.of());

    @ParameterizedTest(name = "{0} is recognised as {1}")
    @CsvSource({
            "config/skyroute.yaml, SKYROUTE",
            "config/data_download.yaml, DATA_DOWNLOAD",
            "config/default_red_config.yaml, REDUCTION",
            "config/reduction_manager.yaml, REDUCTION_MANAGER",
            "config/tom_config.yaml, TOM",
            "config/dropbox.cfg, DROPBOX",
            "routes/sorting.rules.yaml, SORTING_RULES"})
    void shippedExamplesAreRecognisedAndValid(String file, ConfigKind kind) {
        assertThat(loader.detect(Path.of(file))).isEqualTo(kind);
        assertThat(loader.load(Path.of(file), kind)).isInstanceOf(kind.type());
    }

    @Test
    void seedDataDownloadIsBoundAsItIs() {
        DataDownloadConfig config = loader.load(Path.of("config/data_download.yaml"), ConfigKind.DATA_DOWNLOAD, DataDownloadConfig.class);
        assertThat(config.archives()).hasSize(1);
        DataDownloadConfig.ArchiveConfig lco = config.archive("lco").orElseThrow();
        assertThat(lco.name()).isEqualTo("LCO");
        assertThat(lco.active()).isTrue();
        assertThat(lco.tokenEnvvar()).isEqualTo("LCO_ARCHIVE_TOKEN");
        assertThat(lco.proposals()).containsExactly("KEY2024-004", "LCO2017AB-003");
        assertThat(lco.reductionLevel().image()).isEqualTo(91);
        assertThat(lco.reductionLevel().spectrum()).isZero();
        assertThat(config.startDatetime().value()).isEmpty();
        assertThat(config.dataDownloadDir()).isEqualTo(Path.of("var/downloads/lco"));
    }

    @Test
    void reductionConfigKeepsTheSeedsCapitalisedKeys() {
        ReductionConfig config = loader.load(Path.of("config/default_red_config.yaml"), ConfigKind.REDUCTION, ReductionConfig.class);
        assertThat(config.target().name()).isEqualTo("PDS_110");
        assertThat(config.target().ra()).isEqualTo("05:23:31.0");
        assertThat(config.target().dec()).isEqualTo("-01:04:24");
        assertThat(config.photometry().apertureArcsec()).as("automatic").isNull();
        assertThat(config.tom().upload()).isFalse();
    }

    @Test
    void everyProblemInAFileIsReportedWithFileAndKey() throws IOException {
        Path file = write("data_download.yaml", """
                archives:
                  - name: lco
                    active: maybe
                    proposals: KEY2024-004
                    colour: blue
                data_download_dir: [a, b]
                start_datetime: "2025-13-01 10:00"
                default_red_config: does/not/exist.yaml
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file, ConfigKind.DATA_DOWNLOAD));
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(file));
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "archives[0].colour", "archives[0].active", "archives[0].url", "archives[0].token_envvar",
                "archives[0].proposals", "data_download_dir", "data_reduction_dir", "start_datetime", "default_red_config");
        assertThat(message(e, "archives[0].colour")).contains("unknown key").contains("token_envvar");
        assertThat(message(e, "archives[0].active")).contains("true/false").contains("maybe");
        assertThat(message(e, "archives[0].url")).contains("missing required key");
        assertThat(message(e, "archives[0].proposals")).contains("expected a list");
        assertThat(message(e, "data_download_dir")).contains("expected a path");
        assertThat(message(e, "start_datetime")).contains("YYYY-MM-DD HH:MM");
        assertThat(message(e, "default_red_config")).contains("does/not/exist.yaml").contains("cannot be read");
        assertThat(e.getMessage()).contains(file + ": archives[0].colour: unknown key");
    }

    @Test
    void wrongTypesInNestedSectionsAndListsAreFound() throws IOException {
        Path file = write("reduction_manager.yaml", """
                data_reduction_dir: red
                instrument_list: [sinistro, {a: 1}]
                dataset_selection:
                  group: sometimes
                  ndays: three
                max_parallel: 2.5
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file, ConfigKind.REDUCTION_MANAGER));
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "instrument_list[1]", "dataset_selection.group", "dataset_selection.ndays", "max_parallel");
        assertThat(message(e, "dataset_selection.group")).contains("[all, date, recent, file]");
        assertThat(message(e, "max_parallel")).contains("whole number").contains("2.5");
    }

    @Test
    void brokenYamlNamesTheLine() throws IOException {
        Path file = write("tom_config.yaml", "url: [1,\n  tom_user_id: x\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file, ConfigKind.TOM));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).startsWith("line ");
            assertThat(p.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void duplicateKeysAreAnError() throws IOException {
        Path file = write("tom_config.yaml", "url: a\ntom_user_id: x\nurl: b\n");
        assertThatThrownBy(() -> loader.load(file, ConfigKind.TOM)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Duplicate field 'url'");
    }

    @Test
    void aTopLevelThatIsNotASectionIsReported() throws IOException {
        Path file = write("tom_config.yaml", "- just\n- a list\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file, ConfigKind.TOM));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("expected a section"));
    }

    @Test
    void missingFileIsReported() {
        Path file = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> loader.load(file, ConfigKind.TOM)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ": file does not exist");
    }

    @Test
    void daemonConfigDefaultsWithNoFile() {
        SkyrouteConfig config = loader.loadDaemonConfig(null);
        assertThat(config.dataDir()).isEqualTo(Path.of("var"));
        assertThat(config.database().url()).startsWith("jdbc:h2:file:").contains("var/db/skyroute");
        assertThat(config.drop().folder()).isEqualTo(Path.of("var", "drop"));
        assertThat(config.drop().enabled()).isTrue();
        assertThat(config.management().jmx()).isTrue();
        assertThat(config.download()).isNull();
        assertThat(config.schedules().lcoPoll().expression()).isEqualTo("0 0/15 * * * ?");
    }

    @Test
    void environmentOverridesTheFileAndItsProblemsNameTheVariable() throws IOException {
        Path file = write("skyroute.yaml", "data_dir: /srv/a\ndatabase:\n  pool_size: 4\n");
        ConfigLoader withEnv = new ConfigLoader(Map.of(
                "SKYROUTE_DATA_DIR", dir.resolve("b").toString(),
                "SKYROUTE_DATABASE_URL", "jdbc:postgresql://db/skyroute",
                "SKYROUTE_DATABASE_PASSWORD_ENVVAR", "DB_PW",
                "SKYROUTE_SCHEDULES_LCO_POLL", "0 0 * * * ?"));
        SkyrouteConfig config = withEnv.loadDaemonConfig(file);
        assertThat(config.dataDir()).isEqualTo(dir.resolve("b"));
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://db/skyroute");
        assertThat(config.database().poolSize()).isEqualTo(4);
        assertThat(config.database().passwordEnvvar()).isEqualTo("DB_PW");
        assertThat(config.schedules().lcoPoll().expression()).isEqualTo("0 0 * * * ?");

        ConfigLoader badEnv = new ConfigLoader(Map.of("SKYROUTE_DATABASE_POOL_SIZE", "many", "SKYROUTE_SCHEDULES_LCO_POLL", "hourly"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> badEnv.loadDaemonConfig(file));
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder("database.pool_size", "schedules.lco_poll");
        assertThat(message(e, "database.pool_size")).contains("environment variable SKYROUTE_DATABASE_POOL_SIZE");
        assertThat(message(e, "schedules.lco_poll")).contains("Quartz cron").contains("SKYROUTE_SCHEDULES_LCO_POLL");
    }

    @Test
    void referencedSeedFilesMustBeReadable() throws IOException {
        Path file = write("skyroute.yaml", "download: " + dir.resolve("missing.yaml") + "\ntom: config/tom_config.yaml\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.loadDaemonConfig(file));
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly("download");
    }

    @Test
    void secretsInFilesAreAcceptedWithAWarningAndNeverPrinted() throws IOException {
        Path tom = write("tom_config.yaml", "url: https://tom\ntom_user_id: me\ntom_password: hunter2-secret\n");
        TomConfig config = loader.load(tom, ConfigKind.TOM, TomConfig.class);
        assertThat(config.tomPassword()).isEqualTo("hunter2-secret");
        assertThat(loader.warnings()).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo("tom_password");
            assertThat(w.message()).contains("tom_password_envvar").doesNotContain("hunter2");
        });
    }

    @Test
    void dropboxCfgIsReadAsIni() throws IOException {
        Path cfg = write("dropbox.cfg", """
                [dropbox]
                shared_url = https://www.dropbox.com/sh/abc
                password = letmein
                access_token_envvar = DBX_TOKEN
                """);
        DropboxConfig config = loader.load(cfg, ConfigKind.DROPBOX, DropboxConfig.class);
        assertThat(config.dropbox().sharedUrl()).isEqualTo("https://www.dropbox.com/sh/abc");
        assertThat(config.dropbox().accessTokenEnvvar()).isEqualTo("DBX_TOKEN");
        assertThat(loader.warnings()).extracting(ConfigProblem::key).containsExactly("dropbox.password");

        Path bad = write("bad.cfg", "[dropbox]\npasword = x\n[other]\na = 1\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(bad, ConfigKind.DROPBOX));
        assertThat(e.problems()).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("dropbox.pasword", "dropbox.shared_url", "other");
    }

    @Test
    void kindsAreDetectedByKeysThenByName() throws IOException {
        assertThat(loader.detect(write("anything.yaml", "dataset_selection: {group: all}\ndata_reduction_dir: x\n")))
                .isEqualTo(ConfigKind.REDUCTION_MANAGER);
        assertThat(loader.detect(write("tom_config.yaml", "url: x\n"))).isEqualTo(ConfigKind.TOM);
        assertThatThrownBy(() -> loader.detect(write("mystery.yaml", "url: x\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--kind");
    }

    @Test
    void secretsResolveFromTheNamedVariableAndPrintMasked() {
        Secrets secrets = new Secrets(Map.of("LCO_TOKEN", "abc123secret"));
        Secret token = secrets.require("LCO_TOKEN", "archives[0].token_envvar");
        assertThat(token.reveal()).isEqualTo("abc123secret");
        assertThat(token.toString()).doesNotContain("abc123");
        assertThat(String.valueOf(List.of(token))).doesNotContain("abc123");
        assertThatThrownBy(() -> secrets.require("MISSING", "archives[0].token_envvar"))
                .hasMessageContaining("MISSING").hasMessageContaining("archives[0].token_envvar");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static String message(ConfigException e, String key) {
        return e.problems().stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow().message();
    }
}
