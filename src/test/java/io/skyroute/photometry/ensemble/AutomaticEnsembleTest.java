package io.skyroute.photometry.ensemble;

import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.Measurement;
import io.skyroute.photometry.fits.Observation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

class AutomaticEnsembleTest {

    private static final double SATURATION = 60_000;
    private static final double AREA = 120;

    /**
     * A campaign large enough for the fits and medians to run on every core (420 frames x 150 stars): known
     * transparency and sky error per frame, one variable star, one star near saturation. The ensemble recovers
     * the transparency, leaves both stars out for their reasons, and gives the same answer every time.
     */
    @Test
    void aLongCampaignIsFittedOnEveryCoreWithOneAnswer() {
        java.util.Random random = new java.util.Random(3);
        int frameCount = 420;
        double[] transparency = new double[frameCount];
        List<FrameMeasurements> frames = new ArrayList<>();
        for (int f = 0; f < frameCount; f++) {
            transparency[f] = 0.6 + 0.4 * random.nextDouble();
            double skyError = 3 * random.nextGaussian(); // counts per pixel, common to the frame
            List<Measurement> stars = new ArrayList<>();
            for (int s = 0; s < 150; s++) {
                double base = 2_000 + 400 * s;
                stars.add(star("S" + s, base * transparency[f] * (1 + 0.002 * random.nextGaussian()) - AREA * skyError, 1_000 + base / 100));
            }
            stars.add(star("VAR", 40_000 * transparency[f] * (1 + 0.2 * Math.sin(f / 7.0)), 2_000));
            stars.add(star("HOT", 50_000 * transparency[f], 0.9 * SATURATION));
            stars.add(star("TARGET", 30_000 * transparency[f] - AREA * skyError, 1_500));
            frames.add(new FrameMeasurements("f" + f, observation(f), stars));
        }
        AutomaticEnsemble.Options options = AutomaticEnsemble.Options.defaults(20);

        Ensemble.Result result = AutomaticEnsemble.choose(frames, "TARGET", Set.of(), options);

        assertThat(result.comparisonStars()).hasSizeGreaterThan(140).doesNotContain("VAR", "HOT", "TARGET");
        assertThat(result.rejected().get("VAR")).startsWith("variable or troubled");
        assertThat(result.rejected().get("HOT")).contains("saturation");
        double first = result.scale("f0").scale();
        for (int f = 0; f < frameCount; f++) {
            assertThat(result.scale("f" + f).scale() / first).as("frame " + f).isCloseTo(transparency[f] / transparency[0], withPercentage(0.2));
        }
        assertThat(AutomaticEnsemble.choose(frames, "TARGET", Set.of(), options)).isEqualTo(result);
        assertThat(AutomaticEnsemble.choose(MeasurementMatrix.of(frames), "TARGET", Set.of(), options)).isEqualTo(result);
    }

    private static Measurement star(String name, double flux, double peak) {
        double error = Math.sqrt(flux + AREA * 100);
        return new Measurement(name, 0, 0, flux, AREA, 100, 10, 400, flux, error, Double.NaN, Double.NaN, 0, 100 + peak);
    }

    private static Observation observation(int frame) {
        return new Observation(60, 1, 10, SATURATION, 0.57, 58_000 + frame * 0.01, null, "rp", Double.NaN, Double.NaN, 0, 2.0);
    }
}
