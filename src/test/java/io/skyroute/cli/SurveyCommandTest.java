package io.skyroute.cli;

import io.skyroute.testing.IrsaStandIn;
import io.skyroute.testing.MastStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code skyroute survey run} against loopback IRSA and MAST: raw data asked once per source and survey (no data
 * too), a 503 and a 429 retried, the TIC nearest the position chosen, lightcurves per filter and season in the
 * versioned products folder and analysed; a second run asks nothing; a changed parameter writes a new folder,
 * leaves the old one intact and asks nothing again.
 */
class SurveyCommandTest {

    static final Path FIXTURES = Path.of("src/test/resources/surveys");

    @TempDir
    Path work;

    @Test
    void aProjectRunAsksOnceReducesPerFilterAndSeasonAndVersionsItsProducts() throws Exception {
        Files.writeString(work.resolve("catalogue.csv"), """
                name,ra,dec,mag
                PDS 110,80.8791,-1.0733,11.0
                SRC-B,120.5,10.25,15.2
                SRC-C,200.25,-45.5,16.1
                """);
        try (IrsaStandIn irsa = new IrsaStandIn(FIXTURES.resolve("ztf_empty.csv")); MastStandIn mast = new MastStandIn()) {
            irsa.add(80.8791, -1.0733, FIXTURES.resolve("ztf.csv"));
            irsa.add(120.5, 10.25, FIXTURES.resolve("ztf.csv"));
            mast.add(new MastStandIn.Observation("T14", "tess-s0014", "12345678", "Photometer", Map.of(
                    "tess2019198215352-s0014-0000000012345678-0150-s_lc.fits", FIXTURES.resolve("tess2019198215352-s0014-0000000012345678-0150-s_lc.fits")),
                    80.8791, -1.0734));
            mast.add(new MastStandIn.Observation("T41", "tess-spoc-s0041", "12345678", "Photometer", Map.of(
                    "hlsp_tess-spoc_tess_phot_0000000012345678-s0041_tess_v1_lc.fits",
                    FIXTURES.resolve("hlsp_tess-spoc_tess_phot_0000000012345678-s0041_tess_v1_lc.fits")), 80.8791, -1.0734));
            mast.add(new MastStandIn.Observation("T99", "tess-s0014-other", "99999999", "Photometer", Map.of(
                    "tess2019198215352-s0014-0000000099999999-0150-s_lc.fits", FIXTURES.resolve("tess2019198215352-s0014-0000000012345678-0150-s_lc.fits")),
                    80.8791, -1.0620));
            String config = """
                    data_dir: %s
                    drop: {enabled: false}
                    retry: {max_redeliveries: 3, initial_delay_ms: 50, max_delay_ms: 1500}
                    project:
                      name: pds
                      catalogue: {file: %s}
                      version_control: true
                      threads: 2
                      gap: %s
                      ztf: {url: '%s', requests_per_second: 50}
                      tess: {url: '%s', radius_arcsec: 60, requests_per_second: 50, executing_retry_ms: 50}
                    """;
            Path first = Files.writeString(work.resolve("skyroute.yaml"), config.formatted(work.resolve("var"), work.resolve("catalogue.csv"), "40",
                    irsa.url(), mast.url()));
            irsa.failNext(1, 503);
            CliRunner run = CliRunner.run("survey", "run", "--config", first.toString());
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("sources 3", "surveys asked 6 (3 with no data)", "reduced 6", "lightcurves 14", "failed 0");
            for (double[] p : new double[][]{{80.8791, -1.0733}, {120.5, 10.25}, {200.25, -45.5}}) {
                assertThat(irsa.asked(p[0], p[1])).isEqualTo(1);
                assertThat(mast.positionSearches(p[0], p[1])).isEqualTo(1);
            }
            assertThat(mast.downloads("tess2019198215352-s0014-0000000099999999-0150-s_lc.fits")).as("not the nearest TIC").isZero();
            Path projects = work.resolve("var/projects");
            Path version;
            try (Stream<Path> folders = Files.list(projects)) {
                version = folders.filter(p -> p.getFileName().toString().startsWith("pds_")).findFirst().orElseThrow();
            }
            assertThat(version.getFileName().toString()).matches("pds_[0-9a-f]{64}");
            assertThat(Files.readString(version.resolve("config.yaml"))).contains("software_version", "gap: 40.0");
            assertThat(version.resolve("PDS_110/ZTF/zg/PDS_110_ZTF_zg_s3_lc.csv")).isRegularFile();
            assertThat(version.resolve("PDS_110/TESS/TESS/PDS_110_TESS_TESS_s2_lc.csv")).isRegularFile();
            assertThat(work.resolve("var/surveys/ZTF/RA80")).isDirectory();
            assertThat(Files.readString(work.resolve("var/dashboard/stats.csv"))).contains("PDS_110_ZTF_zr_s2_lc.ecsv", "PDS_110_TESS_TESS_s1_lc.ecsv");

            CliRunner again = CliRunner.run("survey", "run", "--config", first.toString());

            assertThat(again.out()).contains("surveys asked 0", "raw already kept 6", "already reduced 6");
            assertThat(irsa.total()).isEqualTo(3);

            long before;
            try (Stream<Path> files = Files.walk(version)) {
                before = files.count();
            }
            byte[] kept = Files.readAllBytes(version.resolve("PDS_110/ZTF/zg/PDS_110_ZTF_zg_s1_lc.csv"));
            Path changed = Files.writeString(work.resolve("skyroute2.yaml"), config.formatted(work.resolve("var"), work.resolve("catalogue.csv"), "30",
                    irsa.url(), mast.url()));
            CliRunner versioned = CliRunner.run("survey", "run", "--config", changed.toString());
            assertThat(versioned.exitCode()).isZero();
            assertThat(versioned.out()).contains("surveys asked 0", "reduced 6");
            try (Stream<Path> folders = Files.list(projects)) {
                assertThat(folders.filter(p -> p.getFileName().toString().startsWith("pds_")).count()).isEqualTo(2);
            }
            try (Stream<Path> files = Files.walk(version)) {
                assertThat(files.count()).as("the old version untouched").isEqualTo(before);
            }
            assertThat(Files.readAllBytes(version.resolve("PDS_110/ZTF/zg/PDS_110_ZTF_zg_s1_lc.csv"))).isEqualTo(kept);
            assertThat(irsa.total()).as("raw data is never versioned: not asked again").isEqualTo(3);

            // a new catalogue row is picked up by the next run (IRSA busy once: 429 with Retry-After, retried)
            Files.writeString(work.resolve("catalogue.csv"), "SRC-D,15.5,5.5,12.0\n", java.nio.file.StandardOpenOption.APPEND);
            irsa.failNext(1, 429);
            CliRunner grown = CliRunner.run("survey", "run", "--config", changed.toString());
            assertThat(grown.out()).contains("sources 4", "surveys asked 2 (2 with no data)", "raw already kept 6", "failed 0");
            assertThat(irsa.asked(15.5, 5.5)).isEqualTo(1);
        }
    }
}
