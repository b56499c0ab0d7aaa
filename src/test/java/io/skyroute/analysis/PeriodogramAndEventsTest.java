package io.skyroute.analysis;

import io.skyroute.analysis.events.Detection;
import io.skyroute.analysis.events.Finder;
import io.skyroute.analysis.events.InjectedEvent;
import io.skyroute.analysis.events.QualityChecker;
import io.skyroute.analysis.events.ScanHistograms;
import io.skyroute.analysis.events.Seasons;
import io.skyroute.analysis.events.Simulator;
import io.skyroute.analysis.lightcurve.Lightcurve;
import io.skyroute.analysis.lightcurve.LightcurveFiles;
import io.skyroute.analysis.periodogram.FrequencyGrid;
import io.skyroute.analysis.periodogram.TrigonometricSums;
import io.skyroute.analysis.science.Analyser;
import io.skyroute.analysis.science.AnalysisSettings;
import io.skyroute.analysis.science.LightcurveAnalysis;
import io.skyroute.analysis.stats.LightcurveClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PeriodogramAndEventsTest {

    private static final Path DIR = AnalysisReferenceTest.folder();

    @Test
    void theNonUniformFftAgreesWithTheDirectSumsToRounding() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 2000;
        double[] t = new double[n];
        double[] a = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            t[i] = random.nextDouble() * 80;
            a[i] = random.nextDouble() - 0.3;
            total += Math.abs(a[i]);
        }
        for (int count : new int[]{37, 1000, 5003}) {
            double omega0 = 2 * Math.PI * 0.0025;
            double dOmega = 2 * Math.PI * 0.0025;
            double[][] direct = TrigonometricSums.direct(t, a, omega0, dOmega, count);
            double[][] fast = TrigonometricSums.fast(t, a, omega0, dOmega, count);
            for (int k = 0; k < count; k++) {
                assertThat(fast[0][k]).isCloseTo(direct[0][k], within(1e-10 * total));
                assertThat(fast[1][k]).isCloseTo(direct[1][k], within(1e-10 * total));
            }
        }
    }

    @Test
    void theGridFollowsSpanAndCadence() {
        double[] t = {0, 0.5, 1, 1.5, 2, 10};
        FrequencyGrid grid = FrequencyGrid.forTimes(t, 5, 48, 200_000);
        assertThat(grid.step()).isCloseTo(1 / 50.0, within(1e-15));
        assertThat(grid.maximum()).isLessThanOrEqualTo(1.0).isGreaterThan(1.0 - grid.step());
        assertThat(FrequencyGrid.forTimes(new double[]{5, 5, 5}, 5, 48, 1000)).isNull();
        assertThat(FrequencyGrid.forTimes(t, 5, 48, 20).count()).isEqualTo(20);
    }

    @Test
    void strongInjectedFlaresAreRecoveredAndNoneAreNot() throws Exception {
        Lightcurve real = LightcurveFiles.read(DIR.resolve("PDS_110_rp_lc.ecsv")).get(0);
        Analyser analyser = new Analyser(AnalysisSettings.defaults());
        Lightcurve sorted = Analyser.sortedByTime(real);
        int[] q = analyser.qflags(sorted);
        List<Simulator.Trial> strong = analyser.inject(sorted, q, List.of(InjectedEvent.Kind.FLARE), List.of(1.0), List.of(0.05), 50);
        List<Simulator.Trial> none = analyser.inject(sorted, q, List.of(InjectedEvent.Kind.FLARE), List.of(0.0), List.of(0.05), 50);
        List<Simulator.Trial> dips = analyser.inject(sorted, q, List.of(InjectedEvent.Kind.DIP), List.of(0.5), List.of(0.1), 50);
        assertThat(Simulator.efficiency(strong)).isGreaterThanOrEqualTo(0.98);
        assertThat(Simulator.efficiency(none)).isLessThanOrEqualTo(0.02);
        assertThat(Simulator.efficiency(dips)).isGreaterThanOrEqualTo(0.98);
        assertThat(strong).allSatisfy(t -> assertThat(t.event().amplitude()).isEqualTo(1.0));
    }

    @Test
    void theFinderReportsAFlareWithItsPeakAndSeason() throws Exception {
        Lightcurve lc = LightcurveFiles.read(DIR.resolve("synthetic.csv")).get(0);
        Lightcurve sorted = Analyser.sortedByTime(lc);
        double[] values = sorted.value().clone();
        int peak = 150;
        values[peak] -= 1.0;          // 1 mag brighter at one epoch
        values[peak + 1] -= 0.6;
        Lightcurve flared = sorted.withValues(values);
        List<Detection> found = new Finder(7.5, 40).find(flared, new int[sorted.size()]);
        assertThat(found).hasSize(1);
        Detection d = found.get(0);
        assertThat(d.peakTime()).isEqualTo(sorted.time()[peak]);
        assertThat(d.peakSnr()).isGreaterThan(7.5);
        assertThat(d.epochs()).isEqualTo(2);
        assertThat(d.peakDeltaMag()).isLessThan(-0.9);
        assertThat(Seasons.split(new double[]{0, 1, 2, 100, 101}, 40)).hasSize(2);
    }

    @Test
    void aTessLikeFileIsReadWithItsFlagsSkyAndPosition() throws Exception {
        Lightcurve lc = LightcurveFiles.read(DIR.resolve("tess_like_lc.fits")).get(0);
        assertThat(lc.name()).isEqualTo("TIC 12345678");
        assertThat(lc.filter()).isEqualTo("TESS");
        assertThat(lc.unit()).isEqualTo(Lightcurve.Unit.FLUX);
        int[] q = new QualityChecker(5).qflags(lc);
        assertThat(q[7] & QualityChecker.SKY_OUTLIER).isNotZero();
        assertThat(java.util.Arrays.stream(q).filter(v -> (v & QualityChecker.SOURCE_FLAG) != 0).count()).isEqualTo(12);
        assertThat(lc.totalExposure()).isCloseTo(300 * 120.0, within(1.0));
    }

    @Test
    void theAnalyserClassesAndCountsWhatItScanned(@TempDir Path dir) throws Exception {
        Analyser analyser = new Analyser(AnalysisSettings.defaults());
        LightcurveAnalysis variable = analyser.analyse(LightcurveFiles.read(DIR.resolve("synthetic.csv")).get(0));
        assertThat(variable.statistics().kind()).isEqualTo(LightcurveClass.INTERESTING);
        assertThat(variable.histograms().byBrightness().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
        ScanHistograms twice = variable.histograms().plus(variable.histograms());
        assertThat(twice.byCadence().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2 * 299);
        Path few = dir.resolve("few_lc.csv");
        Files.writeString(few, "time,filter,magnitude,error\n1,V,15,0.01\n2,V,15.1,0.01\n");
        assertThat(analyser.analyse(LightcurveFiles.read(few).get(0)).statistics().kind()).isEqualTo(LightcurveClass.NULL);
        Path flat = dir.resolve("flat_lc.csv");
        StringBuilder text = new StringBuilder("time,filter,magnitude,error\n");
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 100; i++) {
            text.append(i * 0.37).append(",V,").append(15 + 0.01 * (random.nextDouble() - 0.5)).append(",0.01\n");
        }
        Files.writeString(flat, text);
        assertThat(analyser.analyse(LightcurveFiles.read(flat).get(0)).statistics().kind()).isEqualTo(LightcurveClass.BORING);
    }

    @Test
    void badFilesAreReportedWithTheirNameAndReason(@TempDir Path dir) throws Exception {
        Path noColumns = dir.resolve("x_lc.csv");
        Files.writeString(noColumns, "a,b\n1,2\n");
        assertThatThrownBy(() -> LightcurveFiles.read(noColumns)).isInstanceOf(LightcurveFiles.BadLightcurve.class)
                .hasMessageContaining("x_lc.csv").hasMessageContaining("no time and magnitude/flux columns");
        Path text = dir.resolve("y_lc.csv");
        Files.writeString(text, "time,filter,magnitude,error\n1,V,bright,0.1\n");
        assertThatThrownBy(() -> LightcurveFiles.read(text)).hasMessageContaining("y_lc.csv").hasMessageContaining("line 1");
        Path garbage = dir.resolve("z_lc.fits");
        Files.write(garbage, new byte[]{1, 2, 3, 4});
        assertThatThrownBy(() -> LightcurveFiles.read(garbage)).isInstanceOf(LightcurveFiles.BadLightcurve.class).hasMessageContaining("z_lc.fits");
    }
}
