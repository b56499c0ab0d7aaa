package io.skyroute.cli;

import io.skyroute.testing.TomStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon end to end, as its own JVM: real frames dropped into its folder are sorted, the dataset is
 * reduced once they stop arriving (again when more arrive), and the lightcurve reaches the (loopback)
 * TOM, each new version replacing the last — read back from disk and from the TOM.
 */
class ReductionDaemonIT {

    static final String TOM_PASSWORD = "tom-pw-5512";
    static final List<String> FRAMES = List.of("coj0m403-kb98-20170816-0392-e91.fits.fz", "ogg0m404-kb82-20170816-0336-e91.fits.fz");

    @TempDir
    Path work;

    @Test
    void droppedFramesBecomeALightcurveOnTheTom() throws Exception {
        try (TomStandIn tom = new TomStandIn("pipeline", TOM_PASSWORD)) {
            tom.addTarget("PDS 110", "PDS_110");
            Path tomConfig = Files.writeString(work.resolve("tom_config.yaml"),
                    "url: " + tom.url() + "\ntom_user_id: pipeline\ntom_password_envvar: SKYROUTE_TEST_TOM_PW\n");
            Path template = Files.writeString(work.resolve("red_template.yaml"), """
                    target: {name: PDS_110, RA: "05:23:30.99", Dec: "-01:04:24.0"}
                    photometry:
                      aperture_arcsec: 6.96
                      comparison_stars: ["80.965269 -1.386212", "80.859825 -1.327019"]
                    tom: {upload: true}
                    """);
            Path config = Files.writeString(work.resolve("skyroute.yaml"), """
                    data_dir: %s
                    sorting:
                      default_red_config: %s
                    tom: %s
                    """.formatted(work.resolve("var"), template, tomConfig));
            Path console = work.resolve("console.log");
            ProcessBuilder builder = SkyrouteJar.command(List.of("-Dskyroute.reduction.debounce-ms=1500", "-Dskyroute.reduction.due-check-ms=500"),
                            "run", "--config", config.toString())
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
            builder.environment().put("SKYROUTE_TEST_TOM_PW", TOM_PASSWORD);
            int port = DaemonProcess.freePort();
            builder.environment().put("SKYROUTE_MANAGEMENT_HTTP_PORT", Integer.toString(port));
            Process daemon = builder.start();
            try {
                await(() -> Files.readString(console).contains("(skyroute) started"), 90, console);
                Path drop = work.resolve("var/drop");
                for (String frame : FRAMES) {
                    Path temporary = drop.resolve("." + frame + ".part");
                    Files.copy(Path.of("samples/frames", frame), temporary, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(temporary, drop.resolve(frame), StandardCopyOption.ATOMIC_MOVE);
                }
                Path dataset = work.resolve("var/reduction/PDS_110/sbig/gp");
                Path lightcurve = dataset.resolve("PDS_110_gp_lc.csv");
                // the frames may be reduced one by one as they land: wait for the lightcurve with both, and for the TOM to hold it
                await(() -> Files.exists(lightcurve) && Files.readAllLines(lightcurve).size() == 3, 120, console);
                await(() -> tom.products().size() == 1 && tom.products().get(0).content().equals(Files.readString(lightcurve)), 60, console);

                assertThat(tom.products().get(0).fileName()).startsWith("PDS_110_sbig_gp");
                // analysis, the other subscriber: the statistics row and the dashboard, served on the management server
                await(() -> Files.exists(work.resolve("var/dashboard/stats.csv"))
                        && Files.readString(work.resolve("var/dashboard/stats.csv")).contains("PDS_110_gp_lc.ecsv,gp,2,"), 60, console);
                var http = java.net.http.HttpClient.newHttpClient();
                var index = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/dashboard/")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(index.statusCode()).isEqualTo(200);
                assertThat(index.body()).contains("PDS_110", "lightcurves/PDS_110_gp_lc-");
                String page = index.body().replaceAll("(?s).*href=\"(lightcurves/PDS_110_gp_lc-[0-9a-f]+\\.html)\".*", "$1");
                var lightcurvePage = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/dashboard/" + page)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(lightcurvePage.statusCode()).isEqualTo(200);
                assertThat(lightcurvePage.body()).contains("uPlot", "Provenance", "comparison_stars");
                assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/dashboard/../skyroute.yaml"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isNotEqualTo(200);
                assertThat(dataset.resolve("PDS_110_gp_lc.png")).isRegularFile();
                // PDS 110 itself (the template's coordinates, not the pointing): bright, a few mmag errors
                assertThat(Files.readAllLines(lightcurve).subList(1, 3)).allSatisfy(line ->
                        assertThat(Double.parseDouble(line.split(",")[3])).isLessThan(0.01));
            } finally {
                daemon.destroy();
                assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            String output = Files.readString(console) + Files.readString(work.resolve("var/logs/skyroute.log"));
            assertThat(output).contains("New dataset", "lightcurve of PDS_110 in gp").doesNotContain(TOM_PASSWORD);
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, int seconds, Path console) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + seconds + " s; daemon output:\n" + Files.readString(console));
    }
}
