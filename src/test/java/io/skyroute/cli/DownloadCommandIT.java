package io.skyroute.cli;

import io.skyroute.testing.LcoArchiveStandIn;
import io.skyroute.testing.LcoArchiveStandIn.StoredFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar target/skyroute.jar download data_download.yaml} against the loopback archive, as the seed's cron job ran it. */
class DownloadCommandIT {

    static final String TOKEN = "cli-token-5e4d3c2b1a";
    static final String FRAME = "ogg0m404-kb82-20170815-1160-e91";

    @TempDir
    Path work;

    final LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN);

    @AfterEach
    void close() {
        archive.close();
    }

    @Test
    void oneShotPassPrintsASummaryAndFetchesNothingTwice() throws Exception {
        byte[] content;
        try (InputStream in = getClass().getResourceAsStream("/frames/" + FRAME + ".fits.fz")) {
            content = in.readAllBytes();
        }
        archive.add(new StoredFrame(77, FRAME, "LCO2017AB-003", Instant.parse("2017-08-16T15:08:56Z"), "EXPOSE", 91, "kb82", "PDS 110", "rp", content));
        archive.add(new StoredFrame(78, "ogg0m404-kb82-20170815-1161-e91", "LCO2017AB-003", Instant.parse("2017-08-16T15:09:56Z"), "EXPOSE", 91,
                "kb82", "PDS 110", "rp", "second".getBytes()));
        archive.fault("/storage/78/", LcoArchiveStandIn.Fault.answer(404, "{}"));
        Path download = work.resolve("data_download.yaml");
        Files.writeString(download, """
                archives:
                  - name: lco
                    url: %s
                    token_envvar: SKYROUTE_IT_LCO_TOKEN
                    proposals: [LCO2017AB-003]
                log_dir: %s
                frame_list: %s
                data_download_dir: %s
                data_reduction_dir: %s
                start_datetime: "2017-08-16 00:00"
                end_datetime: "2017-08-17 00:00"
                """.formatted(archive.url(), work.resolve("logs"), work.resolve("frame_list.txt"), work.resolve("downloads"), work.resolve("red")));
        Path config = work.resolve("skyroute.yaml");
        Files.writeString(config, "data_dir: " + work.resolve("var") + "\n");

        Result first = run(true, "download", download.toString(), "--config", config.toString());
        assertThat(first.exitCode()).as(first.output()).isEqualTo(1); // frame 78 failed (404 is permanent)
        assertThat(first.output()).contains("Download pass: found 2, new 2, downloaded 1, failed 1");
        assertThat(work.resolve("red/PDS_110/sbig/rp").resolve(FRAME + ".fits.fz")).as("sorted in the same pass, into data_reduction_dir")
                .hasBinaryContent(content);
        assertThat(work.resolve("red/PDS_110/sbig/rp/reduction_config.yaml")).exists();
        assertThat(Files.readString(work.resolve("frame_list.txt"))).contains(FRAME + ".fits.fz lco 77").contains("lco 78 ").contains("FAILED");
        assertThat(Files.readString(work.resolve("logs/skyroute.log"))).contains("LCO pass").doesNotContain(TOKEN);
        assertThat(first.output()).doesNotContain(TOKEN);

        Result second = run(true, "download", download.toString(), "--config", config.toString());
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("Download pass: found 2, new 0, downloaded 0, failed 0");
        assertThat(archive.count("/storage/77/")).isEqualTo(1);

        Result noToken = run(false, "download", download.toString(), "--config", config.toString());
        assertThat(noToken.exitCode()).isEqualTo(2);
        assertThat(noToken.output()).contains(download + ": archives[0].token_envvar: environment variable 'SKYROUTE_IT_LCO_TOKEN' is not set");
    }

    record Result(int exitCode, String output) {
    }

    private Result run(boolean withToken, String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "out", ".txt");
        ProcessBuilder builder = SkyrouteJar.command(args).directory(work.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("SKYROUTE_IT_LCO_TOKEN");
        if (withToken) {
            builder.environment().put("SKYROUTE_IT_LCO_TOKEN", TOKEN);
        }
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(output));
    }
}
