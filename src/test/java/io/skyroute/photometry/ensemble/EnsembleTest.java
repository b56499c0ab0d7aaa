package io.skyroute.photometry.ensemble;

import io.skyroute.photometry.RealFrames;
import io.skyroute.photometry.ReferenceTable;
import io.skyroute.photometry.aperture.Flags;
import io.skyroute.photometry.aperture.ForcedPhotometry;
import io.skyroute.photometry.aperture.ForcedPhotometryTest;
import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.PhotometryOptions;
import io.skyroute.photometry.aperture.Star;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.fits.FitsImageReader;
import io.skyroute.photometry.wcs.Wcs;

import io.skyroute.photometry.aperture.Measurement;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.assertj.core.data.Percentage.withPercentage;

class EnsembleTest {

    /** Known transparency per frame, steady stars with 0.1 % noise and one strongly variable star. */
    @Test
    void recoversFrameScalesAndLeavesTheVariableOut() {
        double[] transparency = {1.0, 0.8, 0.5, 0.9, 0.95};
        java.util.Random random = new java.util.Random(7);
        List<FrameMeasurements> frames = new ArrayList<>();
        for (int f = 0; f < transparency.length; f++) {
            List<Measurement> stars = new ArrayList<>();
            for (int s = 0; s < 12; s++) {
                double base = 1e4 * (s + 1);
                double flux = base * transparency[f] * (1 + 0.001 * random.nextGaussian());
                stars.add(measurement("S" + s, flux, 0));
            }
            stars.add(measurement("VAR", 5e4 * transparency[f] * (1 + 0.3 * Math.sin(f)), 0));
            stars.add(measurement("BAD", 5e4 * transparency[f] * 0.1, Flags.SATURATED));
            stars.add(measurement("TARGET", 3e4 * transparency[f], 0));
            frames.add(new FrameMeasurements("f" + f, null, stars));
        }

        Ensemble.Result result = Ensemble.normalise(frames, Set.of("TARGET"), 10);

        assertThat(result.comparisonStars()).hasSize(12).doesNotContain("VAR", "BAD", "TARGET");
        double first = result.scale("f0").scale();
        for (int f = 0; f < transparency.length; f++) {
            assertThat(result.scale("f" + f).scale() / first).isCloseTo(transparency[f], withPercentage(0.2));
            assertThat(result.scale("f" + f).error() / result.scale("f" + f).scale()).isBetween(1e-5, 5e-3);
        }
    }

    /**
     * On the real rp frames (two cameras, two nights) the ensemble-normalised PDS 110 changes between
     * the frames as its ratio to the two comparison stars C1 + C2 does (from photutils' fluxes).
     */
    @Test
    void normalisedTargetFollowsTheComparisonRatioOnRealFrames() {
        Map<String, Map<String, Double>> reference = new java.util.HashMap<>();
        ReferenceTable.read("forced.csv").forEach(r -> reference.computeIfAbsent(r.get("file"), k -> new java.util.HashMap<>())
                .put(r.get("name"), Double.parseDouble(r.get("flux"))));
        List<String> rp = List.of(RealFrames.OGG_RP, "coj0m405-kb97-20170817-0388-e91.fits.fz");
        ForcedPhotometry photometry = new ForcedPhotometry(PhotometryOptions.of(6, 12, 18));
        List<FrameMeasurements> frames = new ArrayList<>();
        for (String name : rp) {
            FitsImage image = new FitsImageReader().read(RealFrames.frame(name));
            frames.add(new FrameMeasurements(name, image.observation(), photometry.measure(image, Wcs.of(image.header()), ForcedPhotometryTest.stars())));
        }

        Ensemble.Result ensemble = Ensemble.normalise(frames, Set.of("PDS110"), 20);
        List<LightcurvePoint> lightcurve = Lightcurves.of(new Star("PDS110", 80.879142, -1.073338), frames, ensemble, 25);

        assertThat(ensemble.comparisonStars()).hasSizeGreaterThan(20);
        assertThat(lightcurve).hasSize(2);
        double ours = lightcurve.get(0).flux() / lightcurve.get(1).flux();
        Map<String, Double> a = reference.get(lightcurve.get(0).frame());
        Map<String, Double> b = reference.get(lightcurve.get(1).frame());
        double photutilsRatio = (a.get("PDS110") / (a.get("C1") + a.get("C2"))) / (b.get("PDS110") / (b.get("C1") + b.get("C2")));
        assertThat(ours).isCloseTo(photutilsRatio, withPercentage(2));
        assertThat(lightcurve.get(0).mjd()).isLessThan(lightcurve.get(1).mjd());
        assertThat(lightcurve.get(0).bjdTdb() - 2400000.5 - lightcurve.get(0).mjd()).isCloseTo(0, offset(0.01));
    }

    private static Measurement measurement(String star, double flux, int flags) {
        return new Measurement(star, 0, 0, flux, 1, 0, 0, 100, flux, Math.sqrt(flux), 20, 0.01, flags);
    }
}
