package io.skyroute.sources.lco;

import io.skyroute.app.SkyrouteSetup;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.DropConfig;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.testing.LcoArchiveStandIn;
import io.skyroute.testing.LcoArchiveStandIn.StoredFrame;
import io.skyroute.testing.TestDatabases;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** A stand-in archive, a data_download.yaml pointing at it, and the daemon configuration around them. */
final class LcoTestFixture {

    static final String TOKEN = "tok-9f8e7d6c5b4a3210";
    static final String MIRROR_TOKEN = "tok-mirror-77aa66bb";
    static final String[] REAL_FRAMES = {
            "ogg0m404-kb82-20170815-1160-e91", "coj0m403-kb98-20170816-0392-e91",
            "ogg0m404-kb82-20170816-0336-e91", "coj0m405-kb97-20170817-0388-e91"};

    final Path home;
    final LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN);
    final LcoArchiveStandIn mirror = new LcoArchiveStandIn(MIRROR_TOKEN);
    final Path downloadFile;
    final SkyrouteSetup setup;

    LcoTestFixture(Path home, String lcoPollCron) throws IOException {
        this.home = home;
        Files.createDirectories(home);
        downloadFile = home.resolve("data_download.yaml");
        Files.writeString(downloadFile, """
                archives:
                  - name: lco
                    url: %s
                    token_envvar: LCO_TOKEN
                    proposals: [LCO2017AB-003, KEY2024-004]
                    reduction_level: {image: 91, spectrum: 0}
                  - name: lco-mirror
                    url: %s
                    token_envvar: MIRROR_TOKEN
                    proposals: [MIRROR-1]
                frame_list: %s
                data_download_dir: %s
                data_reduction_dir: %s
                start_datetime: "2017-08-01 00:00"
                end_datetime: "2017-09-01 00:00"
                max_parallel_downloads: 4
                http_timeout_seconds: 1
                # the frames are from 2017: reach back to them
                reconcile_lookback_hours: 100000
                """.formatted(archive.url(), mirror.url(), home.resolve("frame_list.txt"), home.resolve("downloads"), home.resolve("red")));
        SkyrouteConfig daemon = new SkyrouteConfig(home.resolve("var"), TestDatabases.h2(home), home.resolve("no-routes"),
                new DropConfig(home.resolve("drop"), false), new io.skyroute.config.SortingConfig(false, null, null, null), schedules(lcoPollCron), null, null, null, null, null);
        setup = SkyrouteSetup.withDownload(daemon, downloadFile, new ConfigLoader(Map.of()),
                new Secrets(Map.of("LCO_TOKEN", TOKEN, "MIRROR_TOKEN", MIRROR_TOKEN)));
    }

    private static io.skyroute.config.SchedulesConfig schedules(String lcoPollCron) {
        return new io.skyroute.config.SchedulesConfig(
                lcoPollCron == null ? null : io.skyroute.config.CronSchedule.parse(lcoPollCron), null, null, null, null);
    }

    Path downloads() {
        return home.resolve("downloads");
    }

    /** The four real PDS 110 frames, two in each of two proposals. */
    void addRealFrames() {
        for (int i = 0; i < REAL_FRAMES.length; i++) {
            String proposal = i < 2 ? "LCO2017AB-003" : "KEY2024-004";
            archive.add(new StoredFrame(1000 + i, REAL_FRAMES[i], proposal, Instant.parse("2017-08-16T15:00:00Z").plusSeconds(3600L * 24 * i / 2),
                    "EXPOSE", 91, REAL_FRAMES[i].substring(9, 13), "PDS 110", i % 2 == 0 ? "rp" : "gp", realFrame(REAL_FRAMES[i])));
        }
    }

    static byte[] realFrame(String basename) {
        try (InputStream in = LcoTestFixture.class.getResourceAsStream("/frames/" + basename + ".fits.fz")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close() {
        archive.close();
        mirror.close();
    }
}
