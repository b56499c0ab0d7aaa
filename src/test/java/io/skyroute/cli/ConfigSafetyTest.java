package io.skyroute.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What `run` would refuse, `config check` reports first: each as file: key: expected ..., found ..., exit code 2. */
class ConfigSafetyTest {

    @TempDir
    Path dir;

    private CliRunner check(Path file) {
        return CliRunner.run("config", "check", file.toString());
    }

    @Test
    void everyOutOfRangeValueOfTheDaemonsFileIsNamed() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("passwd"), "root:x:0:0\n");
        Path file = Files.writeString(dir.resolve("skyroute.yaml"), """
                data_dir: %s
                management:
                  http_port: 99999
                  http_host: "not a host"
                database:
                  pool_size: -3
                retry:
                  max_redeliveries: -1
                reduction:
                  max_image_pixels: 0
                """.formatted(notAFolder));
        CliRunner result = check(file);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(
                file + ": data_dir: expected a folder, found the file '" + notAFolder + "'",
                file + ": management.http_port: expected from 0 to 65535, found the number 99999",
                file + ": management.http_host: expected a host name or address, found 'not a host'",
                file + ": database.pool_size: expected from 1 to 200, found the number -3",
                file + ": retry.max_redeliveries: expected from 0 to 100, found the number -1",
                file + ": reduction.max_image_pixels: expected from 10000 to 2000000000, found the number 0");
    }

    /** Issue 42: each of these passed `config check` and failed `run`; now both refuse them, all at once. */
    @Test
    void whatRunRefusesBeyondSingleKeysConfigCheckRefusesToo() throws IOException {
        Path aFile = Files.writeString(dir.resolve("afile"), "x");
        Path download = Files.writeString(dir.resolve("data_download.yaml"), """
                archives:
                    lco:
                        url: 'http://127.0.0.1:1/'
                        token_envvar: 'SKYROUTE_TEST_UNSET_LCO_TOKEN'
                        proposals: ['P1']
                data_download_dir: '%s'
                data_reduction_dir: '%s'
                """.formatted(dir.resolve("downloads"), dir.resolve("red")));
        Path file = Files.writeString(dir.resolve("skyroute.yaml"), """
                data_dir: %s
                download: %s
                database:
                  url: jdbc:mysql://127.0.0.1/skyroute
                  password_envvar: SKYROUTE_TEST_UNSET_DB_PASSWORD
                management:
                  http_host: 999.1.1.1
                  hawtio: {enabled: true, port: 8081}
                drop:
                  folder: %s
                sorting:
                  reduction_dir: %s
                retry:
                  initial_delay_ms: 5000
                  max_delay_ms: 1000
                """.formatted(aFile.resolve("var"), download, dir.resolve("red"), dir.resolve("red")));
        CliRunner result = check(file);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains(
                file + ": data_dir: is " + aFile.resolve("var") + ", but " + aFile + " is a file, not a folder",
                file + ": database.url: expected jdbc:postgresql://HOST:PORT/DATABASE (or an H2 URL, jdbc:h2:...), found 'jdbc:mysql://127.0.0.1/skyroute'",
                file + ": database.password_envvar: environment variable 'SKYROUTE_TEST_UNSET_DB_PASSWORD' is not set",
                file + ": management.http_host: is 999.1.1.1, which is neither an address nor a name this machine resolves",
                file + ": management.hawtio.port: is 8081, the management server's port",
                file + ": drop.folder: is " + dir.resolve("red") + ", the folder frames are sorted into",
                file + ": retry.max_delay_ms: is 1000, below retry.initial_delay_ms (5000)",
                file + ": management.http_host: is 999.1.1.1, not loopback",
                download + ": archives.lco.token_envvar: environment variable 'SKYROUTE_TEST_UNSET_LCO_TOKEN' is not set");
        assertThat(aFile).as("nothing was created").hasContent("x");
        assertThat(dir.resolve("red")).doesNotExist();
    }

    @Test
    void theDownloadFilesLimitsAndUrlsAreChecked() throws IOException {
        Path file = Files.writeString(dir.resolve("data_download.yaml"), """
                archives:
                    lco:
                        url: 'archive-api.lco.global'
                        token_envvar: LCO_TOKEN
                        proposals: [P]
                data_download_dir: /tmp/d
                data_reduction_dir: /tmp/r
                http_timeout_seconds: -5
                max_parallel_downloads: 0
                """);
        CliRunner result = check(file);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(
                file + ": archives.lco.url: expected an http(s) URL such as https://host/path/, found 'archive-api.lco.global'",
                file + ": http_timeout_seconds: expected from 1 to 3600, found the number -5",
                file + ": max_parallel_downloads: expected from 1 to 64, found the number 0");
    }

    @Test
    void aDatasetsCoordinatesAndApertureAreChecked() throws IOException {
        Path file = Files.writeString(dir.resolve("reduction_config.yaml"), """
                target:
                  name: TEST
                  RA: "99:99:99"
                  Dec: banana
                photometry:
                  aperture_arcsec: -3
                """);
        CliRunner result = check(file);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(
                file + ": target.RA: expected RA as hh:mm:ss with minutes and seconds below 60, found '99:99:99'",
                file + ": target.Dec: expected Dec in degrees or sexagesimal, found 'banana'",
                file + ": photometry.aperture_arcsec: expected more than 0 and at most 600, found the number -3");
    }

    @Test
    void brokenRulesRoutesAndApplicationPropertiesAreReportedForTheDaemonsFile() throws IOException {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("mine.yaml"), "- rout:\n    id: typo\n");
        Files.writeString(routes.resolve("broken.yaml"), "- route: [unclosed\n");
        Path rules = Files.writeString(dir.resolve("sorting.rules.yaml"), """
                rules:
                  - name: bad
                    when: "${header.FITS_OBJECT} ==== 'x'"
                    action: drop
                """);
        Files.writeString(dir.resolve("application.properties"), "camel.main.tracing = false\nskyroute.retry.max = 7\nretries = 3\n");
        Path file = Files.writeString(dir.resolve("skyroute.yaml"), """
                data_dir: %s
                routes_dir: %s
                sorting:
                  rules: %s
                """.formatted(dir.resolve("var"), routes, rules));
        CliRunner result = check(file);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(
                routes.resolve("mine.yaml") + ": [0]: expected one of [",
                routes.resolve("broken.yaml") + ": line ",
                rules + ": rules[0].when: expected a Camel simple expression, found one that does not compile",
                dir.resolve("application.properties") + ": skyroute.retry.max: expected camel.* keys only, found a skyroute setting",
                dir.resolve("application.properties") + ": retries: expected camel.* keys");
    }

    @Test
    void aHugeFileIsRefusedUnread() throws IOException {
        Path file = dir.resolve("skyroute.yaml");
        Files.writeString(file, "data_dir: \"" + "x".repeat(3 * 1024 * 1024) + "\"\n");
        CliRunner result = check(file);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(file + ": expected a configuration file of at most 256 KiB, found 3072 KiB");
    }

    @Test
    void aLongValueWithinTheSizeIsRefusedWithoutRepeatingIt() throws IOException {
        Path file = dir.resolve("tom_config.yaml");
        Files.writeString(file, "url: \"" + "y".repeat(200_000) + "\"\ntom_user_id: u\n");
        CliRunner result = check(file);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(file + ": url: expected at most 65536 characters, found 200000").hasSizeLessThan(2000);
    }
}
