package io.skyroute.cli;

import io.skyroute.testing.LcoArchiveStandIn;
import io.skyroute.testing.LcoArchiveStandIn.StoredFrame;
import io.skyroute.testing.SeedExamples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar target/skyroute.jar download data_download.yaml} against the loopback archive, as the seed's cron job ran it,
 * with the seed's own example file (two named archives, LCO and SOAR, on one server with a token each).
 */
class DownloadCommandIT {

    static final String TOKEN = "cli-token-5e4d3c2b1a";
    static final String SOAR_TOKEN = "soar-token-0f9e8d7c";
    static final String FRAME = "ogg0m404-kb82-20170815-1160-e91";
    static final String SOAR_FRAME = "ogg0m404-kb82-20170816-0336-e91";

    @TempDir
    Path work;

    final LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN);

    @AfterEach
    void close() {
        archive.close();
    }

    @Test
    void oneShotPassOverTheSeedsTwoNamedArchivesPrintsASummaryAndFetchesNothingTwice() throws Exception {
        byte[] content = resource(FRAME);
        byte[] soarContent = resource(SOAR_FRAME);
        Instant lastNight = Instant.now().minus(Duration.ofHours(3));
        // the seed's example asks both archives for 'PROPOSAL_ID' in the last 24 h ('None'), LCO at level 91 and SOAR at 0
        archive.add(new StoredFrame(77, FRAME, "PROPOSAL_ID", lastNight, "EXPOSE", 91, "kb82", "PDS 110", "rp", content));
        archive.add(new StoredFrame(78, "ogg0m404-kb82-20170815-1161-e91", "PROPOSAL_ID", lastNight, "EXPOSE", 91,
                "kb82", "PDS 110", "rp", "second".getBytes()));
        archive.add(new StoredFrame(79, SOAR_FRAME, "PROPOSAL_ID", lastNight, "EXPOSE", 0, "kb82", "PDS 110", "rp", soarContent));
        archive.acceptAlsoToken(SOAR_TOKEN);
        archive.fault("/storage/78/", LcoArchiveStandIn.Fault.answer(404, "{}"));
        Path redConfig = Files.writeString(work.resolve("default_red_config.yaml"), SeedExamples.text("example_reduction_config.yaml"));
        Path download = SeedExamples.copy("example_data_download.yaml", work, SeedExamples.replacing(
                "'https://archive-api.lco.global/'", "'" + archive.url() + "'",
                "'/path/to/directory/omega_frame_list.txt'", "'" + work.resolve("omega_frame_list.txt") + "'",
                "log_dir: '/path/to/directory/'", "log_dir: '" + work.resolve("logs") + "'",
                "data_download_dir: '/path/to/directory/'", "data_download_dir: '" + work.resolve("downloads") + "'",
                "data_reduction_dir: '/path/to/directory/'", "data_reduction_dir: '" + work.resolve("red") + "'",
                "'/path/to/default/YAMLfile/'", "'" + redConfig + "'"));
        Path config = work.resolve("skyroute.yaml");
        Files.writeString(config, "data_dir: " + work.resolve("var") + "\n");

        Result check = run(false, "config", "check", download.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("OK: " + download);

        Result first = run(true, "download", download.toString(), "--config", config.toString());
        assertThat(first.exitCode()).as(first.output()).isEqualTo(1); // frame 78 failed (404 is permanent)
        assertThat(first.output()).contains("Download pass: found 3, new 3, downloaded 2, failed 1");
        assertThat(work.resolve("red/PDS_110/sbig/rp").resolve(FRAME + ".fits.fz")).as("sorted in the same pass, into data_reduction_dir")
                .hasBinaryContent(content);
        assertThat(work.resolve("red/PDS_110/sbig/gp").resolve(SOAR_FRAME + ".fits.fz")).as("the SOAR archive's raw frame")
                .hasBinaryContent(soarContent);
        assertThat(work.resolve("red/PDS_110/sbig/rp/reduction_config.yaml")).exists();
        assertThat(Files.readString(work.resolve("omega_frame_list.txt")))
                .contains(FRAME + ".fits.fz lco 77").contains("lco 78 ").contains("FAILED").contains(SOAR_FRAME + ".fits.fz soar 79");
        assertThat(archive.requests()).as("each archive asked with its own token and reduction level")
                .anySatisfy(r -> assertThat(r.authorization() + " " + r.query()).contains("Token " + TOKEN, "reduction_level=91"))
                .anySatisfy(r -> assertThat(r.authorization() + " " + r.query()).contains("Token " + SOAR_TOKEN, "reduction_level=0"));
        assertThat(Files.readString(work.resolve("logs/skyroute.log"))).contains("LCO pass").doesNotContain(TOKEN).doesNotContain(SOAR_TOKEN);
        assertThat(first.output()).doesNotContain(TOKEN).doesNotContain(SOAR_TOKEN);

        Result second = run(true, "download", download.toString(), "--config", config.toString());
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("Download pass: found 3, new 0, downloaded 0, failed 0");
        assertThat(archive.count("/storage/77/")).isEqualTo(1);
        assertThat(archive.count("/storage/79/")).isEqualTo(1);

        Result noToken = run(false, "download", download.toString(), "--config", config.toString());
        assertThat(noToken.exitCode()).isEqualTo(2);
        assertThat(noToken.output()).contains(download + ": archives.lco.token_envvar: environment variable 'LCO_TOKEN' is not set")
                .contains(download + ": archives.soar.token_envvar: environment variable 'SOAR_TOKEN' is not set");
    }

    @Test
    void theOneShotPassRetriesAsTheDaemonsConfigurationSays() throws Exception {
        archive.add(new StoredFrame(90, FRAME, "P1", Instant.now().minus(Duration.ofHours(1)), "EXPOSE", 91, "kb82", "PDS 110", "rp", resource(FRAME)));
        for (int i = 0; i < 10; i++) {
            archive.fault("/storage/90/", LcoArchiveStandIn.Fault.answer(503, "{}"));
        }
        Path download = proposalP1Download();
        Path config = twoQuickRetries();
        Result pass = run(true, "download", download.toString(), "--config", config.toString());
        assertThat(pass.output()).contains("failed 1");
        assertThat(archive.count("/storage/90/")).as("one try and the two retries skyroute.yaml allows").isEqualTo(3);
    }

    /** Issue 42: an archive that is down, or whose listing breaks a bound, is a failed pass (exit 1), not "nothing new". */
    @Test
    void aListingThatFailsIsReportedAndTheExitCodeSaysSo() throws Exception {
        archive.add(new StoredFrame(91, FRAME, "P1", Instant.now().minus(Duration.ofHours(1)), "EXPOSE", 91, "kb82", "PDS 110", "rp", resource(FRAME)));
        for (int i = 0; i < 3; i++) {
            archive.fault("/frames/", LcoArchiveStandIn.Fault.answer(503, "{\"detail\": \"down for maintenance\"}"));
        }
        Path download = proposalP1Download();
        Path config = twoQuickRetries();
        Result down = run(true, "download", download.toString(), "--config", config.toString());
        assertThat(down.exitCode()).as(down.output()).isEqualTo(1);
        assertThat(down.output()).contains("Download pass: found 0, new 0, downloaded 0, failed 0, listings failed 1");

        Result back = run(true, "download", download.toString(), "--config", config.toString());
        assertThat(back.exitCode()).as(back.output()).isZero();
        assertThat(back.output()).contains("Download pass: found 1, new 1, downloaded 1, failed 0");
    }

    /** A data_download.yaml asking the stand-in for proposal P1. */
    private Path proposalP1Download() throws IOException {
        return Files.writeString(work.resolve("data_download.yaml"), """
                archives:
                    lco:
                        url: '%s'
                        token_envvar: 'LCO_TOKEN'
                        proposals: ['P1']
                data_download_dir: '%s'
                data_reduction_dir: '%s'
                """.formatted(archive.url(), work.resolve("downloads"), work.resolve("red")));
    }

    /** A skyroute.yaml whose retry policy tries twice more, 50-100 ms apart. */
    private Path twoQuickRetries() throws IOException {
        return Files.writeString(work.resolve("skyroute.yaml"), """
                data_dir: %s
                retry:
                  max_redeliveries: 2
                  initial_delay_ms: 50
                  max_delay_ms: 100
                """.formatted(work.resolve("var")));
    }

    private byte[] resource(String frame) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/frames/" + frame + ".fits.fz")) {
            return in.readAllBytes();
        }
    }

    record Result(int exitCode, String output) {
    }

    private Result run(boolean withToken, String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "out", ".txt");
        ProcessBuilder builder = SkyrouteJar.command(args).directory(work.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("LCO_TOKEN");
        builder.environment().remove("SOAR_TOKEN");
        if (withToken) {
            builder.environment().put("LCO_TOKEN", TOKEN);
            builder.environment().put("SOAR_TOKEN", SOAR_TOKEN);
        }
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(output));
    }
}
