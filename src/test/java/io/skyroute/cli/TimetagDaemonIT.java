package io.skyroute.cli;

import io.skyroute.testing.MastStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole hstlc chain in the packaged daemon: the MAST source polls a loopback MAST on its schedule,
 * fetches the time-tag products into the ingest folder, the time-tag room ingests them (a bad one to bad
 * data), builds the composite lightcurve, and analysis puts it on the dashboard.
 */
class TimetagDaemonIT {

    static final Path FIXTURES = Path.of("src/test/resources/timetag").toAbsolutePath();

    @TempDir
    Path work;

    @Test
    void mastToCompositeToDashboard() throws Exception {
        try (MastStandIn mast = new MastStandIn()) {
            mast.add(new MastStandIn.Observation("2001", "la1a01abq", "TW-HYA", "COS/FUV", Map.of(
                    "la1a01abq_corrtag_a.fits", FIXTURES.resolve("la1a01abq_corrtag_a.fits"),
                    "la1a01abq_corrtag_b.fits", FIXTURES.resolve("la1a01abq_corrtag_b.fits"))));
            mast.add(new MastStandIn.Observation("2003", "lbad01flg", "TW-HYA", "COS/FUV", Map.of(
                    "lbad01flg_corrtag_a.fits", FIXTURES.resolve("lbad01flg_corrtag_a.fits"))));
            Path config = Files.writeString(work.resolve("skyroute.yaml"), """
                    data_dir: %s
                    schedules: {mast_poll: '0/2 * * * * ?'}
                    mast: {url: '%s', executing_retry_ms: 50}
                    timetag: {scan_period_ms: 500}
                    """.formatted(work.resolve("var"), mast.url()));
            int port = DaemonProcess.freePort();
            try (DaemonProcess daemon = DaemonProcess.start(work, config, List.of(), Map.of("SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(port)))) {
                Path composite = work.resolve("var/timetag/composite/TW-HYA/COS/G130M_1291/TW-HYA_G130M_1291_lc.ecsv");
                daemon.await(() -> Files.exists(composite), 90, "the composite lightcurve");
                Path stats = work.resolve("var/dashboard/stats.csv");
                daemon.await(() -> {
                    try {
                        return Files.exists(stats) && Files.readString(stats).contains("TW-HYA_G130M_1291_lc.ecsv,G130M_1291,540,");
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }, 60, "the composite on the dashboard");
                // the bad observation is another download and another scan: it may land after the good one's composite
                Path bad = work.resolve("var/timetag/bad_data/lbad01flg_corrtag_a.fits");
                daemon.await(() -> Files.exists(bad), 30, "the bad observation kept in bad_data");
                assertThat(bad).isRegularFile();
                assertThat(work.resolve("var/timetag/filesystem/TW-HYA/COS/la1a01abq_corrtag_a.fits")).isRegularFile();
                var index = new ManagementHttp(java.net.URI.create("http://127.0.0.1:" + port)).get("/dashboard/index.html");
                assertThat(index.status()).isEqualTo(200);
                assertThat(index.body()).contains("TW-HYA", "G130M_1291");
                Thread.sleep(2500);   // another poll: nothing is fetched twice
                assertThat(mast.downloads("la1a01abq_corrtag_a.fits")).isEqualTo(1);
                assertThat(daemon.stop()).isIn(0, 143);
            }
            assertThat(Files.readString(work.resolve("var/logs/skyroute.log"))).contains("Bad time-tag data lbad01flg_corrtag_a.fits");
        }
    }
}
