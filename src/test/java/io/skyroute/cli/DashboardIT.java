package io.skyroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.skyroute.testing.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code skyroute stats}, {@code plots} and {@code inject} on real lightcurves (PDS 110 from the 30 LCO frames,
 * the seeded synthetic set, a TESS-like FITS table), and the pages they write, looked at in Debian's
 * headless Chromium from disk (no server, no network): a table sorts on a header click, the interactive
 * plot's canvas is drawn. Screenshots are kept in target/dashboard/.
 */
class DashboardIT {

    @TempDir
    Path work;

    @Test
    void statsPagesSortAndPlotOffline() throws Exception {
        Path lightcurves = Files.createDirectories(work.resolve("lightcurves"));
        for (String file : List.of("PDS_110_rp_lc.ecsv", "PDS_110_gp_lc.ecsv", "tess_like_lc.fits", "synthetic.csv")) {
            Files.copy(Path.of("src/test/resources/analysis", file), lightcurves.resolve(file));
        }
        Files.writeString(lightcurves.resolve("broken_lc.csv"), "time,filter,magnitude,error\n1,V,x,0.1\n");
        Path out = work.resolve("dash");
        CliRunner stats = CliRunner.run("stats", "--config", "config/skyroute.yaml", "--out", out.toString(), lightcurves.toString(),
                lightcurves.resolve("synthetic.csv").toString());
        assertThat(stats.exitCode()).as("one file is broken: reported, the others analysed").isEqualTo(1);
        assertThat(stats.err()).contains("broken_lc.csv", "line 1");
        List<String> csv = Files.readAllLines(out.resolve("stats.csv"));
        assertThat(csv.get(0)).startsWith("file,filter,n,").contains("mean", "robust_rms", "chi2_red", "best_period", "best_power", "fap", "class");
        assertThat(csv).hasSize(5);
        assertThat(String.join("\n", csv)).contains("synthetic.csv,V,300,", "tess_like_lc.fits,TESS,287,");
        assertThat(Files.readString(out.resolve("interesting.html"))).contains("synthetic", "TIC 12345678");
        for (String page : List.of("index.html", "boring.html", "null.html", "exptime_histogram.html", "opt_elem.html", "configurations.html",
                "histograms.json", "assets/uPlot.iife.min.js", "assets/sortable.min.js")) {
            assertThat(out.resolve(page)).isRegularFile();
        }
        assertThat(Files.list(out.resolve("periodogram_subset")).count()).isEqualTo(2);

        CliRunner inject = CliRunner.run("inject", "--config", "config/skyroute.yaml", "--amplitudes", "0,1", "--widths", "0.05", "--count", "40",
                lightcurves.resolve("PDS_110_rp_lc.ecsv").toString());
        assertThat(inject.exitCode()).isZero();
        assertThat(inject.out()).containsPattern("flare +0\\.000 +0\\.05000 +40 +0\\.0%").containsPattern("flare +1\\.000 +0\\.05000 +40 +100\\.0%");

        assertThat(HeadlessChromium.available()).as("Debian's chromium (apt-get install chromium; .ci/run installs it)").isTrue();
        try (HeadlessChromium chromium = HeadlessChromium.launch(Files.createDirectories(work.resolve("chromium")))) {
            HeadlessChromium.Page page = chromium.open(out.resolve("index.html").toUri().toString());
            page.awaitText(List.of("All lightcurves", "TIC 12345678"), Duration.ofSeconds(20));
            List<Double> before = column(page, 6);
            clickHeader(page, 6);
            List<Double> first = column(page, 6);
            clickHeader(page, 6);
            List<Double> second = column(page, 6);
            assertThat(first).hasSize(4).isNotEqualTo(second);
            assertThat(monotonic(first) && monotonic(second)).as("sorted by chi2 both ways: %s / %s (was %s)", first, second, before).isTrue();
            assertThat(List.of(first, second)).anySatisfy(order -> assertThat(order).isNotEqualTo(before));
            page.screenshot(Path.of("target/dashboard/index-sorted.png"));

            String synthetic = Files.list(out.resolve("lightcurves")).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("synthetic-") && n.endsWith(".html")).findFirst().orElseThrow();
            page.navigate(out.resolve("lightcurves").resolve(synthetic).toUri().toString());
            page.awaitText(List.of("interesting", "best period"), Duration.ofSeconds(20));
            JsonNode drawn = page.call("Runtime.evaluate", Map.of("returnByValue", true, "expression", """
                    (() => { const c = document.querySelector('.lightcurve-plot canvas'); if (!c) return -1;
                      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
                      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()"""));
            assertThat(drawn.path("result").path("value").asInt()).as("painted pixels on the plot's canvas").isGreaterThan(2000);
            page.screenshot(Path.of("target/dashboard/lightcurve-page.png"));
            assertThat(Files.size(Path.of("target/dashboard/lightcurve-page.png"))).isGreaterThan(20_000);
        }
    }

    private static void clickHeader(HeadlessChromium.Page page, int column) throws Exception {
        page.call("Runtime.evaluate", Map.of("expression", "document.querySelector('table.lightcurves thead th:nth-child(" + column + ")').click()"));
        Thread.sleep(300);
    }

    private static List<Double> column(HeadlessChromium.Page page, int column) throws Exception {
        JsonNode values = page.call("Runtime.evaluate", Map.of("returnByValue", true, "expression",
                "Array.from(document.querySelectorAll('table.lightcurves tbody tr td:nth-child(" + column + ")')).map(td => Number(td.dataset.sort))"));
        List<Double> out = new ArrayList<>();
        values.path("result").path("value").forEach(v -> out.add(v.asDouble()));
        return out;
    }

    private static boolean monotonic(List<Double> values) {
        boolean up = true;
        boolean down = true;
        for (int i = 1; i < values.size(); i++) {
            up &= values.get(i) >= values.get(i - 1);
            down &= values.get(i) <= values.get(i - 1);
        }
        return up || down;
    }
}
