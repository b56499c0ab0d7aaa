package io.skyroute.cli;

import io.skyroute.config.ConfigException;
import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ConfigProblem;
import io.skyroute.config.DataDownloadConfig;
import io.skyroute.config.ReductionConfig;
import io.skyroute.config.ReductionManagerConfig;
import io.skyroute.testing.SeedExamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.skyroute.testing.SeedExamples.replacing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The seed tools' own example files, verbatim but for their placeholder paths, are read as they are and checked OK. */
class SeedFilesTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(Map.of());

    private Path dataDownload() throws IOException {
        Path redConfig = Files.writeString(dir.resolve("default_red_config.yaml"), SeedExamples.text("example_reduction_config.yaml"));
        return SeedExamples.copy("example_data_download.yaml", dir, replacing(
                "'/path/to/directory/omega_frame_list.txt'", "'" + dir.resolve("omega_frame_list.txt") + "'",
                "'/path/to/directory/'", "'" + dir + "/'",
                "'/path/to/default/YAMLfile/'", "'" + redConfig + "'"));
    }

    @Test
    void theSeedsDataDownloadNamesItsArchivesAsAMapping() throws IOException {
        Path file = dataDownload();
        assertThat(loader.detect(file)).isEqualTo(ConfigKind.DATA_DOWNLOAD);
        DataDownloadConfig config = loader.load(file, ConfigKind.DATA_DOWNLOAD, DataDownloadConfig.class);
        assertThat(config.archives().keySet()).containsExactly("lco", "soar");
        DataDownloadConfig.ArchiveConfig lco = config.archive("lco").orElseThrow();
        assertThat(lco.id()).isEqualTo("lco");
        assertThat(lco.name()).isEqualTo("LCO");
        assertThat(lco.active()).isTrue();
        assertThat(lco.tokenEnvvar()).isEqualTo("LCO_TOKEN");
        assertThat(lco.proposals()).containsExactly("PROPOSAL_ID");
        assertThat(lco.reductionLevel().image()).isEqualTo(91);
        assertThat(lco.reductionLevel().spectrum()).isEqualTo(91);
        DataDownloadConfig.ArchiveConfig soar = config.archive("soar").orElseThrow();
        assertThat(soar.name()).isEqualTo("SOAR");
        assertThat(soar.tokenEnvvar()).isEqualTo("SOAR_TOKEN");
        assertThat(soar.reductionLevel().image()).isZero();
        assertThat(config.activeArchives()).extracting(DataDownloadConfig.ArchiveConfig::id).containsExactly("lco", "soar");
        assertThat(config.startDatetime().value()).as("'None' = the last 24 hours").isEmpty();
        assertThat(config.endDatetime().value()).isEmpty();
        assertThat(config.frameList()).isEqualTo(dir.resolve("omega_frame_list.txt"));

        CliRunner check = CliRunner.run("config", "check", file.toString());
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("OK: " + file + " is the LCO download configuration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"None", "none", "NONE", "'None'", "\"none\""})
    void everySpellingOfNoneMeansTheLastDay(String none) throws IOException {
        Path file = Files.writeString(dir.resolve("data_download.yaml"), SeedExamples.text("example_data_download.yaml")
                .replace("start_datetime: 'None'", "start_datetime: " + none)
                .replace("default_red_config: '/path/to/default/YAMLfile/'", ""));
        DataDownloadConfig config = loader.load(file, ConfigKind.DATA_DOWNLOAD, DataDownloadConfig.class);
        assertThat(config.startDatetime().value()).isEmpty();
    }

    @Test
    void aWrongValueInsideANamedArchiveIsReportedWithItsPath() throws IOException {
        Path file = Files.writeString(dir.resolve("data_download.yaml"), SeedExamples.text("example_data_download.yaml")
                .replaceFirst("active: True", "active: maybe")
                .replace("image: 0", "image: zero")
                .replace("default_red_config: '/path/to/default/YAMLfile/'", ""));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file, ConfigKind.DATA_DOWNLOAD));
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                file + ": archives.lco.active: expected true/false, found 'maybe'",
                file + ": archives.soar.reduction_level.image: expected a whole number, found 'zero'");
    }

    @Test
    void theListFormStaysAnAlternativeAndItsNamesMustBeUnique() throws IOException {
        Path good = Files.writeString(dir.resolve("list.yaml"), """
                archives:
                  - name: lco
                    url: https://archive-api.lco.global/
                    token_envvar: LCO_TOKEN
                    proposals: [KEY2024-004]
                data_download_dir: /tmp/d
                data_reduction_dir: /tmp/r
                """);
        DataDownloadConfig config = loader.load(good, ConfigKind.DATA_DOWNLOAD, DataDownloadConfig.class);
        assertThat(config.archive("lco").orElseThrow().name()).isEqualTo("lco");

        Path twice = Files.writeString(dir.resolve("twice.yaml"), """
                archives:
                  - name: lco
                    url: https://archive-api.lco.global/
                    token_envvar: LCO_TOKEN
                    proposals: [KEY2024-004]
                  - name: lco
                    url: https://archive-api.lco.global/
                    token_envvar: OTHER
                    proposals: [X]
                  - url: https://archive-api.lco.global/
                    token_envvar: OTHER
                    proposals: [X]
                data_download_dir: /tmp/d
                data_reduction_dir: /tmp/r
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(twice, ConfigKind.DATA_DOWNLOAD));
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                twice + ": archives[1].name: 'lco' is already used by archives[0]",
                twice + ": archives[2].name: missing required key (a text value)");
    }

    @Test
    void theSeedsManagerFileIsReadWithSoftwareDirNotedAndMaxParallelDefaulted() throws IOException {
        Path file = SeedExamples.copy("example_reduction_manager_configuration.yaml", dir, replacing(
                "'/path/to/datasets/file/reduce_datasets.txt'", "'" + dir.resolve("reduce_datasets.txt") + "'"));
        assertThat(loader.detect(file)).isEqualTo(ConfigKind.REDUCTION_MANAGER);
        ReductionManagerConfig config = loader.load(file, ConfigKind.REDUCTION_MANAGER, ReductionManagerConfig.class);
        assertThat(config.maxParallel()).isEqualTo(ReductionManagerConfig.DEFAULT_MAX_PARALLEL).isEqualTo(2);
        assertThat(config.instrumentList()).containsExactly("sinistro", "qhy");
        assertThat(config.datasetSelection().group()).isEqualTo(ReductionManagerConfig.Group.FILE);
        assertThat(config.datasetSelection().startDate().value()).isEmpty();
        assertThat(config.datasetSelection().recentWindow()).isEqualTo(Duration.ZERO);
        assertThat(loader.notes()).extracting(ConfigProblem::key).containsExactly("software_dir");

        CliRunner check = CliRunner.run("config", "check", file.toString());
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("OK: " + file + " is the reduction manager configuration")
                .contains("note: " + file + ": software_dir: accepted and not used");
    }

    @Test
    void ndaysMayBeAFraction() throws IOException {
        Path file = Files.writeString(dir.resolve("reduction_manager.yaml"), SeedExamples.text("example_reduction_manager_configuration.yaml")
                .replace("group: 'file'", "group: 'recent'").replace("ndays: 0", "ndays: 0.5"));
        ReductionManagerConfig config = loader.load(file, ConfigKind.REDUCTION_MANAGER, ReductionManagerConfig.class);
        assertThat(config.datasetSelection().recentWindow()).isEqualTo(Duration.ofHours(12));
        Path badDate = Files.writeString(dir.resolve("bad.yaml"), Files.readString(file).replace("start_date: 'None'", "start_date: '16/08/2017'"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(badDate, ConfigKind.REDUCTION_MANAGER));
        assertThat(e.problems()).extracting(ConfigProblem::toString)
                .containsExactly(badDate + ": dataset_selection.start_date: expected a date as 'YYYY-MM-DD' or 'None', found '16/08/2017'");
    }

    @Test
    void theSeedsReductionConfigsWithAndWithoutPhotometryAreRead() {
        for (String name : new String[]{"example_reduction_config.yaml", "example_reduction_config_without_photometry.yaml"}) {
            Path file = Path.of("src/test/resources/seed", name);
            assertThat(loader.detect(file)).as(name).isEqualTo(ConfigKind.REDUCTION);
            ReductionConfig config = loader.load(file, ConfigKind.REDUCTION, ReductionConfig.class);
            assertThat(config.target().name()).isEqualTo("TEST");
            assertThat(config.target().ra()).isEqualTo("17:30:25.5");
            assertThat(config.target().dec()).isEqualTo("-25:30:30.5");
            assertThat(config.tom().upload()).isTrue();
            assertThat(config.tom().dataLabel()).isEqualTo("TEST");
            CliRunner check = CliRunner.run("config", "check", file.toString());
            assertThat(check.exitCode()).as(check.err()).isZero();
            assertThat(check.out()).contains("OK: " + file + " is a dataset's reduction configuration");
        }
        ReductionConfig with = loader.load(Path.of("src/test/resources/seed/example_reduction_config.yaml"), ConfigKind.REDUCTION, ReductionConfig.class);
        assertThat(with.photometry().apertureArcsec()).isEqualTo(2.0);
        assertThat(with.photometry().referenceImage()).isEqualTo("name_of_image.fits");
        ReductionConfig without = loader.load(Path.of("src/test/resources/seed/example_reduction_config_without_photometry.yaml"),
                ConfigKind.REDUCTION, ReductionConfig.class);
        assertThat(without.photometry().apertureArcsec()).as("absent: automatic").isNull();
        assertThat(without.photometry().aperture(3.4)).as("twice the median seeing").isEqualTo(6.8);
        assertThat(without.photometry().aperture(Double.NaN)).as("no seeing known: the minimum").isEqualTo(3.0);
        assertThat(without.photometry().referenceImage()).isNull();
    }

    @Test
    void theSeedsTomConfigAndDropboxCfgAreAcceptedWithAWarningAboutTheSecretsInThem() {
        CliRunner tom = CliRunner.run("config", "check", "src/test/resources/seed/example_tom_config.yaml");
        assertThat(tom.exitCode()).as(tom.err()).isZero();
        assertThat(tom.out()).contains("is the TOM connection").contains("warning:").contains("tom_password: holds a secret in the file");
        CliRunner dropbox = CliRunner.run("config", "check", "src/test/resources/seed/dropbox.cfg");
        assertThat(dropbox.exitCode()).as(dropbox.err()).isZero();
        assertThat(dropbox.out()).contains("is the Dropbox survey-release access")
                .contains("dropbox.password: holds a secret in the file", "dropbox.access_token: holds a secret in the file")
                .doesNotContain("ENTER_PASSWORD", "ENTER_ACCESS_TOKEN");
    }
}
