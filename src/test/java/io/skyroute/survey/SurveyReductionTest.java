package io.skyroute.survey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.pipeline.LightcurveReady;
import io.skyroute.sources.surveys.SurveyTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** AstroRetriever's splitting on real-shaped survey data: per filter and per season, bad epochs flagged (reference: numpy). */
class SurveyReductionTest {

    static final Path FIXTURES = Path.of("src/test/resources/surveys");

    @TempDir
    Path work;

    @Test
    void ztfIsSplitPerFilterAndSeasonWithBadCatflagsLeftOutOfTheTomCsv() throws Exception {
        JsonNode reference = new ObjectMapper().readTree(FIXTURES.resolve("splitting_reference.json").toFile());
        SurveyTarget target = new SurveyTarget(0, "PDS 110", 80.8791, -1.0733, 11.0);
        List<LightcurveReady> ready = new SurveyReduction(40, 32768, "test").reduce(target, "ZTF", List.of(FIXTURES.resolve("ztf.csv")), work);
        assertThat(ready).hasSize(6);
        for (String band : List.of("zg", "zr")) {
            for (int season = 1; season <= 3; season++) {
                Path csv = work.resolve("PDS_110/ZTF/" + band + "/PDS_110_ZTF_" + band + "_s" + season + "_lc.csv");
                assertThat(Files.readAllLines(csv)).as(csv.toString()).hasSize(1 + reference.get(band).get(season - 1).asInt());
                Path ecsv = csv.resolveSibling(csv.getFileName().toString().replace(".csv", ".ecsv"));
                assertThat(Files.readString(ecsv)).contains("#   season: " + season, "#   survey: 'ZTF'", "time filter mag mag_err flags");
            }
        }
        assertThat(ready.get(0).dataset().target()).isEqualTo("PDS_110");
        assertThat(ready.get(0).dataset().instrument()).isEqualTo("ZTF");
        assertThat(Files.readString(work.resolve("PDS_110/ZTF/zg/provenance.json"))).contains("ztf.csv", "season_gap_days");
    }

    @Test
    void tessSectorsAreSeasonsAndQualityFlagsAreKeptAsFlags() throws Exception {
        SurveyTarget target = new SurveyTarget(0, "TIC 12345678", 10, -30, 9);
        List<Path> raw = List.of(FIXTURES.resolve("tess2019198215352-s0014-0000000012345678-0150-s_lc.fits"),
                FIXTURES.resolve("hlsp_tess-spoc_tess_phot_0000000012345678-s0041_tess_v1_lc.fits"));
        List<LightcurveReady> ready = new SurveyReduction(40, 32768, "test").reduce(target, "TESS", raw, work);
        assertThat(ready).hasSize(2);
        List<String> first = Files.readAllLines(ready.get(0).lightcurveCsv());
        // BTJD 1683.35 + 2457000 - 2400000.5 = 58682.85; magnitudes near -2.5 log10(5000) + 20.44 = 11.19
        String[] row = first.get(1).split(",");
        assertThat(Double.parseDouble(row[0])).isBetween(58682.8, 58683.0);
        assertThat(Double.parseDouble(row[2])).isBetween(11.1, 11.3);
        String ecsv = Files.readString(ready.get(0).lightcurveCsv().resolveSibling(ready.get(0).lightcurveCsv().getFileName().toString()
                .replace(".csv", ".ecsv")));
        long flagged = ecsv.lines().filter(l -> !l.startsWith("#") && !l.startsWith("time") && !l.endsWith(" 0")).count();
        assertThat(flagged).isGreaterThan(0);
        assertThat(first.size() - 1 + flagged).isEqualTo(ecsv.lines().filter(l -> !l.startsWith("#") && !l.startsWith("time")).count());
    }
}
