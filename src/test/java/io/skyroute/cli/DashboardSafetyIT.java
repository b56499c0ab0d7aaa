package io.skyroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.skyroute.testing.FrameCards;
import io.skyroute.testing.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 42, item 1: real frames whose FILTER, OBJECT and INSTRUME carry script payloads are dropped into the
 * packaged daemon, sorted, reduced and analysed; their dashboard page, served by the daemon, is opened in
 * headless Chromium: no payload runs (alert, confirm and prompt are recorded, and a control call proves the
 * recording works) and the page shows each value as text. The dashboard's headers forbid inline script and
 * framing, and a symbolic link in its folder does not serve what it points at.
 */
class DashboardSafetyIT {

    static final String FILTER = "gp\"});alert(6);</script><script>alert(7)//";
    static final String OBJECT = "PDS 110</h1><img src=x onerror=alert(5)>";
    static final String INSTRUME = "kb98'><svg onload=confirm(8)>";

    @TempDir
    Path work;

    @Test
    void headerValuesAreShownAsTextAndNeverRun() throws Exception {
        Path template = Files.writeString(work.resolve("red_template.yaml"), """
                photometry:
                  aperture_arcsec: 6.96
                  comparison_stars: ["80.965269 -1.386212", "80.859825 -1.327019"]
                """);
        Path config = Files.writeString(work.resolve("skyroute.yaml"), """
                data_dir: %s
                sorting:
                  default_red_config: %s
                """.formatted(work.resolve("var"), template));
        int port = DaemonProcess.freePort();
        try (DaemonProcess daemon = DaemonProcess.start(work, config, List.of("-Dskyroute.reduction.debounce-ms=1500",
                "-Dskyroute.reduction.due-check-ms=500"), Map.of("SKYROUTE_MANAGEMENT_HTTP_PORT", Integer.toString(port)))) {
            Path drop = work.resolve("var/drop");
            // the frames' RA/DEC put on PDS 110 itself, so that the header's coordinates are the target's
            for (String frame : ReductionDaemonIT.FRAMES) {
                Path hidden = FrameCards.copyWith(Path.of("samples/frames", frame), drop.resolve("." + frame + ".part"),
                        Map.of("FILTER", FILTER, "OBJECT", OBJECT, "INSTRUME", INSTRUME, "RA", "05:23:30.99", "DEC", "-01:04:24.0"));
                Files.move(hidden, drop.resolve(frame), StandardCopyOption.ATOMIC_MOVE);
            }
            Path dashboard = work.resolve("var/dashboard");
            daemon.await(() -> pages(dashboard.resolve("lightcurves")).size() == 1, 180, "the lightcurve's dashboard page");
            String page = "lightcurves/" + pages(dashboard.resolve("lightcurves")).get(0);

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/dashboard/";
            HttpResponse<String> served = http.send(HttpRequest.newBuilder(URI.create(base + page)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.headers().firstValue("Content-Security-Policy")).get().asString()
                    .contains("script-src 'self'", "frame-ancestors 'none'").doesNotContainPattern("script-src[^;]*unsafe");
            assertThat(served.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(served.body()).doesNotContain("</script><script>alert(7)", "<img src=x", "<svg onload");

            // a link placed in the dashboard's folder does not serve what it points at, nor does a linked folder
            Path secret = Files.writeString(work.resolve("outside.txt"), "not for the dashboard");
            Files.createSymbolicLink(dashboard.resolve("leak.txt"), secret);
            Files.createSymbolicLink(dashboard.resolve("leakdir"), work);
            for (String leak : List.of("leak.txt", "leakdir/outside.txt", "leakdir/skyroute.yaml")) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + leak)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(leak).isEqualTo(404);
                assertThat(answer.body()).doesNotContain("not for the dashboard", "data_dir");
            }

            assertThat(HeadlessChromium.available()).as("Debian's chromium (apt-get install chromium; .ci/run installs it)").isTrue();
            try (HeadlessChromium chromium = HeadlessChromium.launch(Files.createDirectories(work.resolve("chromium")))) {
                HeadlessChromium.Page tab = chromium.open("about:blank");
                tab.call("Page.enable", Map.of());
                tab.call("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                        "window.__dialogs = []; ['alert', 'confirm', 'prompt'].forEach(n => window[n] = m => { window.__dialogs.push(n + ':' + m); });"));
                tab.navigate(base + page);
                String text = tab.awaitText(List.of(FILTER, "best period"), Duration.ofSeconds(30));
                assertThat(text).as("the filter shown as text, the target under its safe name (sorting's)").contains(FILTER, "PDS_110__h1__img_src_x");
                Thread.sleep(500);  // an onerror handler fires once the broken image has failed to load
                assertThat(dialogs(tab)).as("dialogs opened by the page").isEmpty();
                JsonNode canvas = tab.call("Runtime.evaluate", Map.of("returnByValue", true,
                        "expression", "document.querySelectorAll('.lightcurve-plot canvas').length"));
                assertThat(canvas.path("result").path("value").asInt()).as("the plot drawn by the dashboard's own script").isEqualTo(1);
                tab.call("Runtime.evaluate", Map.of("expression", "alert('control')"));
                assertThat(dialogs(tab)).as("the recording works").containsExactly("alert:control");
                tab.screenshot(Path.of("target/dashboard/hostile-headers.png"));
            }
            assertThat(daemon.stop()).isEqualTo(143);
        }
    }

    private static List<String> dialogs(HeadlessChromium.Page tab) throws Exception {
        JsonNode value = tab.call("Runtime.evaluate", Map.of("returnByValue", true, "expression", "window.__dialogs || ['no recorder']"))
                .path("result").path("value");
        return java.util.stream.StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> pages(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html")).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
