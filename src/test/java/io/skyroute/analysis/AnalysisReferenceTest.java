package io.skyroute.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.analysis.lightcurve.Lightcurve;
import io.skyroute.analysis.lightcurve.LightcurveFiles;
import io.skyroute.analysis.periodogram.FrequencyGrid;
import io.skyroute.analysis.periodogram.GeneralisedLombScargle;
import io.skyroute.analysis.periodogram.Periodogram;
import io.skyroute.analysis.stats.Classification;
import io.skyroute.analysis.stats.LightcurveStatistics;
import io.skyroute.analysis.stats.PeriodSearch;
import io.skyroute.analysis.stats.StatisticsCalculator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Statistics and periodograms against numpy/scipy/astropy on the same arrays: skyroute's PDS 110
 * lightcurves from the 30 real LCO frames, the rp one with a sinusoid injected, and a seeded synthetic
 * set (reference values from src/test/python/analysis_reference.py, committed).
 */
class AnalysisReferenceTest {

    private static final Path DIR = folder();
    private static final JsonNode REFERENCE = reference();

    @ParameterizedTest
    @ValueSource(strings = {"PDS_110_rp_lc.ecsv", "PDS_110_gp_lc.ecsv", "synthetic.csv", "tess_like_lc.fits"})
    void statisticsMatchNumpyScipyAndAstropy(String file) throws Exception {
        Lightcurve read = LightcurveFiles.read(DIR.resolve(file)).get(0);
        JsonNode ref = REFERENCE.get(file.equals("synthetic.csv") ? "synthetic" : file);
        // as the daemon does: the quality checker's flags first (on the TESS-like file: QUALITY and one sky outlier)
        Lightcurve lc = read.withFlags(new io.skyroute.analysis.events.QualityChecker(5).qflags(read));
        StatisticsCalculator.Result result = calculator(ref).compute(lc);
        LightcurveStatistics s = result.statistics();
        assertThat(s.points()).isEqualTo(ref.get("points").asInt());
        close(s.span(), ref, "span");
        close(s.cadence(), ref, "cadence");
        close(s.mean(), ref, "mean");
        close(s.weightedMean(), ref, "weighted_mean");
        close(s.median(), ref, "median");
        close(s.clippedMean(), ref, "clipped_mean");
        close(s.robustRms(), ref, "robust_rms");
        close(s.chi2Reduced(), ref, "chi2_red");
        close(s.excessVariance(), ref, "excess_variance");
        close(s.pearsonR(), ref, "pearson_r");
        assertThat(s.pearsonP()).isCloseTo(ref.get("pearson_p").asDouble(), withinPercentage(1e-4));
        close(s.vonNeumann(), ref, "von_neumann");
        assertThat(result.periodogram().grid().count()).isEqualTo(ref.get("grid_count").asInt());
        close(result.periodogram().grid().step(), ref, "grid_step");
        assertThat(s.bestPeriod()).isCloseTo(ref.get("best_period").asDouble(), withinPercentage(1e-6));
        assertThat(s.bestPower()).isCloseTo(ref.get("best_power").asDouble(), within(1e-6));
        assertThat(s.falseAlarm()).isCloseTo(ref.get("fap").asDouble(), within(1e-6 * ref.get("fap").asDouble()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PDS_110_rp_lc.ecsv", "PDS_110_gp_lc.ecsv", "synthetic.csv"})
    void powerEqualsAstropysExactMethodOnTheSameGrid(String file) throws Exception {
        Lightcurve lc = LightcurveFiles.read(DIR.resolve(file)).get(0).usable().unflagged();
        String name = file.endsWith(".ecsv") ? file.substring(0, file.length() - 5) : "synthetic";
        double[][] reference = powers(name);
        FrequencyGrid grid = new FrequencyGrid(reference[0][0], reference[0][1] - reference[0][0], reference[0].length);
        for (GeneralisedLombScargle.Method method : List.of(GeneralisedLombScargle.Method.DIRECT, GeneralisedLombScargle.Method.FAST)) {
            Periodogram p = GeneralisedLombScargle.compute(lc.time(), lc.value(), lc.error(), grid, method);
            for (int k = 0; k < grid.count(); k++) {
                assertThat(p.power()[k]).as("%s %s power at %s /d", file, method, reference[0][k]).isCloseTo(reference[1][k], within(1e-6));
            }
        }
    }

    @Test
    void aSinusoidInjectedIntoTheRealLightcurveIsFoundWhereAstropyFindsIt() throws Exception {
        Lightcurve real = LightcurveFiles.read(DIR.resolve("PDS_110_rp_lc.ecsv")).get(0).usable().unflagged();
        double t0 = real.time()[0];
        double[] injected = new double[real.size()];
        for (int i = 0; i < injected.length; i++) {
            injected[i] = real.value()[i] + 0.05 * Math.sin(2 * Math.PI * (real.time()[i] - t0) / 1.37);
        }
        JsonNode ref = REFERENCE.get("pds110_rp_injected");
        LightcurveStatistics s = calculator(ref).compute(real.withValues(injected)).statistics();
        assertThat(s.bestPeriod()).isCloseTo(ref.get("best_period").asDouble(), withinPercentage(1e-6));
        assertThat(s.bestPower()).isCloseTo(ref.get("best_power").asDouble(), within(1e-6));
        // placed within the peak's width (1 / span) of the injected frequency, and significant
        assertThat(Math.abs(1 / s.bestPeriod() - 1 / 1.37)).isLessThan(1 / s.span());
        assertThat(s.falseAlarm()).isLessThan(1e-6);
        // the synthetic set's 3.7 d signal, 300 epochs over 60 d: found to 1 %
        JsonNode synthetic = REFERENCE.get("synthetic");
        assertThat(synthetic.get("best_period").asDouble()).isCloseTo(3.7, withinPercentage(1));
    }

    private static StatisticsCalculator calculator(JsonNode ref) {
        return new StatisticsCalculator(new PeriodSearch(5, ref.get("max_frequency").asDouble(), 200_000), Classification.defaults());
    }

    private static void close(double actual, JsonNode ref, String key) {
        double expected = ref.get(key).asDouble();
        assertThat(actual).as(key).isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
    }

    private static double[][] powers(String name) throws IOException {
        List<String> lines = Files.readAllLines(DIR.resolve("reference_power_" + name + ".csv"));
        double[][] out = new double[2][lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(",");
            out[0][i - 1] = Double.parseDouble(parts[0]);
            out[1][i - 1] = Double.parseDouble(parts[1]);
        }
        return out;
    }

    static Path folder() {
        try {
            return Path.of(AnalysisReferenceTest.class.getResource("/analysis/reference_stats.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode reference() {
        try (InputStream in = AnalysisReferenceTest.class.getResourceAsStream("/analysis/reference_stats.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
