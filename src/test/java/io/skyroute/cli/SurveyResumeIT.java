package io.skyroute.cli;

import io.skyroute.testing.IrsaStandIn;
import io.skyroute.testing.MastStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 50-source catalogue run by the packaged {@code skyroute survey run}, killed (SIGKILL) midway and run again:
 * nothing kept before the kill is asked again (only what was in flight at that moment may be), every source
 * ends with its raw data and its lightcurves, each asked at most twice.
 */
class SurveyResumeIT {

    static final Path FIXTURES = Path.of("src/test/resources/surveys").toAbsolutePath();

    @TempDir
    Path work;

    @Test
    void aKilledRunResumesWithoutAskingAgain() throws Exception {
        List<double[]> positions = new ArrayList<>();
        for (String line : Files.readAllLines(FIXTURES.resolve("catalogue.csv")).subList(1, 51)) {
            String[] p = line.split(",");
            positions.add(new double[]{Double.parseDouble(p[1]), Double.parseDouble(p[2])});
        }
        try (IrsaStandIn irsa = new IrsaStandIn(FIXTURES.resolve("ztf_empty.csv")); MastStandIn mast = new MastStandIn()) {
            for (int i = 0; i < 50; i += 5) {   // every fifth source has ZTF data; the first has TESS data too
                irsa.add(positions.get(i)[0], positions.get(i)[1], FIXTURES.resolve("ztf.csv"));
            }
            mast.add(new MastStandIn.Observation("T41", "tess-spoc-s0041", "12345678", "Photometer", Map.of(
                    "hlsp_tess-spoc_tess_phot_0000000012345678-s0041_tess_v1_lc.fits",
                    FIXTURES.resolve("hlsp_tess-spoc_tess_phot_0000000012345678-s0041_tess_v1_lc.fits")), positions.get(0)[0], positions.get(0)[1]));
            Path config = Files.writeString(work.resolve("skyroute.yaml"), """
                    data_dir: %s
                    drop: {enabled: false}
                    retry: {max_redeliveries: 3, initial_delay_ms: 50, max_delay_ms: 200}
                    analysis: {enabled: false}
                    project:
                      name: resume
                      catalogue: {file: %s}
                      threads: 2
                      ztf: {url: '%s', requests_per_second: 8}
                      tess: {url: '%s', requests_per_second: 8, executing_retry_ms: 50}
                    """.formatted(work.resolve("var"), FIXTURES.resolve("catalogue.csv"), irsa.url(), mast.url()));
            Process first = SkyrouteJar.command("survey", "run", "--config", config.toString()).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(work.resolve("first.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (irsa.total() < 20 && System.nanoTime() < deadline && first.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(first.isAlive()).as("still running at 20 of 50: " + Files.readString(work.resolve("first.log"))).isTrue();
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            List<String> keptAtKill = completeRawFolders();
            assertThat(keptAtKill.size()).isGreaterThanOrEqualTo(10);

            Process second = SkyrouteJar.command("survey", "run", "--config", config.toString()).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(work.resolve("second.log").toFile()).start();
            assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(work.resolve("second.log"));
            assertThat(second.exitValue()).as(log).isZero();
            assertThat(log).contains("sources 50", "failed 0");

            int twice = 0;
            for (double[] p : positions) {
                int ztf = irsa.asked(p[0], p[1]);
                long tess = mast.positionSearches(p[0], p[1]);
                assertThat(ztf).isBetween(1, 2);
                assertThat(tess).isBetween(1L, 2L);
                twice += (ztf - 1) + (int) (tess - 1);
            }
            assertThat(twice).as("only requests in flight at the kill are asked again (2 workers x 2 surveys)").isLessThanOrEqualTo(4);
            for (String kept : keptAtKill) {
                String[] coords = kept.replaceAll(".*_([0-9.]+)_([+-][0-9.]+)$", "$1 $2").split(" ");
                double ra = Double.parseDouble(coords[0]);
                double dec = Double.parseDouble(coords[1]);
                if (kept.contains("/ZTF/")) {
                    assertThat(irsa.asked(ra, dec)).as("kept before the kill: " + kept).isEqualTo(1);
                } else {
                    assertThat(mast.positionSearches(ra, dec)).as("kept before the kill: " + kept).isEqualTo(1);
                }
            }
            assertThat(completeRawFolders()).hasSize(100);
            try (Stream<Path> csvs = Files.walk(work.resolve("var/projects/resume"))) {
                assertThat(csvs.filter(p -> p.getFileName().toString().endsWith("_lc.csv")).count()).as("10 sources x 6 ZTF + 1 TESS").isEqualTo(61);
            }
        }
    }

    private List<String> completeRawFolders() throws Exception {
        Path root = work.resolve("var/surveys");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().equals(".raw-complete")).map(p -> p.getParent().toString()).toList();
        }
    }
}
