package io.skyroute.cli;

import io.skyroute.testing.HeadlessChromium;
import io.skyroute.testing.LcoArchiveStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code skyroute run --hawtio}: Debian's headless Chromium opens the console, with no "connect" step, and
 * its Camel tab lists skyroute's routes with their statistics; the screenshot is kept in
 * target/hawtio/ for a person to look at.
 */
class HawtioConsoleIT {

    @TempDir
    Path work;

    @Test
    void theCamelTabShowsTheDaemonsRoutes() throws Exception {
        assertThat(HeadlessChromium.available()).as("Debian's chromium (apt-get install chromium; .ci/run installs it)").isTrue();
        try (LcoArchiveStandIn archive = new LcoArchiveStandIn("hawtio-token")) {
            Files.writeString(work.resolve("data_download.yaml"), """
                    archives:
                        lco:
                            url: '%s'
                            token_envvar: 'LCO_TOKEN'
                            proposals: ['P1']
                    data_download_dir: '%s'
                    data_reduction_dir: '%s'
                    """.formatted(archive.url(), work.resolve("var/downloads/lco"), work.resolve("var/reduction")));
            Path config = Files.writeString(work.resolve("skyroute.yaml"), "download: " + work.resolve("data_download.yaml") + "\n");
            int hawtioPort = DaemonProcess.freePort();
            try (DaemonProcess daemon = DaemonProcess.startWith(work, config, List.of("--hawtio"),
                    Map.of("LCO_TOKEN", "hawtio-token", "SKYROUTE_MANAGEMENT_HAWTIO_PORT", String.valueOf(hawtioPort)));
                 HeadlessChromium chromium = HeadlessChromium.launch(Files.createDirectories(work.resolve("chromium")))) {
                daemon.awaitText("Hawtio console at http://127.0.0.1:" + hawtioPort + "/hawtio", 60);
                HeadlessChromium.Page page = chromium.open("about:blank");
                page.record();
                page.navigate("http://127.0.0.1:" + hawtioPort + "/hawtio/camel");
                String tree = page.awaitText(List.of("skyroute", "routes"), Duration.ofSeconds(60));
                assertThat(tree).as("the Camel tab's tree; page events: " + page.events()).contains("routes");
                // the "routes" folder of the context: the route list with each route's state and counters
                page.call("Runtime.evaluate", Map.of("expression", "Array.from(document.querySelectorAll('span, button'))"
                        + ".find(e => e.textContent.trim() === 'routes').click()"));
                List<String> routes = List.of("lco-poll", "lco-pass", "lco-download", "local-drop", "sort-frame", "reduce-dataset", "tom-upload");
                String text = page.awaitText(routes, Duration.ofSeconds(60));
                Path screenshot = Path.of("target/hawtio/camel-routes.png");
                page.screenshot(screenshot);
                assertThat(text).as("the route list; page events: " + page.events()).contains(routes).contains("Started");
                assertThat(Files.size(screenshot)).as("a real screenshot, not a blank page").isGreaterThan(30_000);

                // the route diagram: every route's steps drawn as nodes (processors, filters, the error policy's recorder)
                page.call("Runtime.evaluate", Map.of("expression", "Array.from(document.querySelectorAll('button, a, span'))"
                        + ".find(e => e.textContent.trim() === 'Route Diagram').click()"));
                String diagram = page.awaitText(List.of("React Flow", "Process", "Filter"), Duration.ofSeconds(30));
                page.screenshot(Path.of("target/hawtio/route-diagram.png"));
                assertThat(diagram).contains("React Flow", "Process", "Filter");
                assertThat(daemon.stop()).isEqualTo(143);
            }
        }
    }
}
