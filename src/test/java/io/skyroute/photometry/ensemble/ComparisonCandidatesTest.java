package io.skyroute.photometry.ensemble;

import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.Measurement;
import io.skyroute.photometry.fits.Observation;
import io.skyroute.photometry.stats.Statistics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The candidates of a campaign large enough for the tally's later half of the frames to be taken on another core
 * (2,000 frames x 30 stars), built so that the halves disagree: stars that pass or fail only when both halves are
 * counted, a star near saturation only late, a star first usable only in the later half. The choice must be the
 * one the rules give on all the frames in order, worked out here from the medians themselves.
 */
class ComparisonCandidatesTest {

    private static final int FRAMES = 2_000;
    private static final double SATURATION = 60_000;
    private static final double AREA = 100;
    private static final AutomaticEnsemble.Options OPTIONS = new AutomaticEnsemble.Options(50, 0.1, 0.6, 0.6, 3.0);

    @Test
    void theHalvesOfALargeCampaignChooseAsOnePassWould() {
        List<FrameMeasurements> frames = campaign();
        MeasurementMatrix matrix = MeasurementMatrix.of(frames);
        Map<String, String> rejected = new LinkedHashMap<>();

        ComparisonStars chosen = ComparisonCandidates.choose(matrix, "TARGET", Set.of("EXCLUDED"), OPTIONS, rejected);

        Map<String, String> expectedRejected = new LinkedHashMap<>();
        List<String> expected = expected(frames, expectedRejected);
        assertThat(chosen.names(matrix)).isEqualTo(expected);
        assertThat(rejected).containsExactlyEntriesOf(expectedRejected);
        // the cases are there: each way of failing and a pass only the whole campaign gives
        assertThat(expected).contains("BRIGHT_LATE", "STEADY0").doesNotContain("FAINT_LATE", "HOT_LATE", "LATE", "EXCLUDED", "TARGET");
        assertThat(rejected.keySet()).containsExactly("HOT_LATE", "LATE");
        for (String star : expected) {
            assertThat(chosen.median(matrix.indexOf(star))).as(star).isEqualTo(medianFlux(frames, star));
        }
    }

    private static List<FrameMeasurements> campaign() {
        java.util.Random random = new java.util.Random(5);
        List<FrameMeasurements> frames = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            boolean late = f >= FRAMES / 2;
            List<Measurement> stars = new ArrayList<>();
            stars.add(star("TARGET", 20_000 * (1 + 0.01 * random.nextGaussian()), 400, 5_000));
            for (int s = 0; s < 24; s++) {
                stars.add(star("STEADY" + s, (5_000 + 1_000 * s) * (1 + 0.01 * random.nextGaussian()), 60, 5_000));
            }
            // S/N 40 early, 60 late, and a few more late frames than early ones above 50: its median S/N passes
            stars.add(star("BRIGHT_LATE", 6_000, late || f < 10 ? 100 : 150, 5_000));
            // S/N 60 early, 40 late: its median falls just below 50 when every frame counts
            stars.add(star("FAINT_LATE", 6_000, !late && f >= 10 ? 100 : 150, 5_000));
            stars.add(star("HOT_LATE", 8_000, 80, f == FRAMES - 3 ? 0.9 * SATURATION : 5_000));
            stars.add(late ? star("LATE", 9_000, 90, 5_000) : star("LATE", Double.NaN, Double.NaN, 5_000));
            stars.add(star("EXCLUDED", 9_000, 90, 5_000));
            frames.add(new FrameMeasurements("f" + f, observation(f), stars));
        }
        assertThat((long) frames.size() * frames.get(0).measurements().size()).as("big enough to be split").isGreaterThanOrEqualTo(50_000);
        return frames;
    }

    /** The rules on every frame in order, from the medians themselves: chosen stars in order of first use; the rejected, why. */
    private static List<String> expected(List<FrameMeasurements> frames, Map<String, String> rejected) {
        double targetFlux = medianFlux(frames, "TARGET");
        List<String> order = new ArrayList<>();
        Map<String, List<double[]>> usable = new LinkedHashMap<>();
        Map<String, Boolean> hot = new LinkedHashMap<>();
        for (FrameMeasurements frame : frames) {
            for (Measurement m : frame.measurements()) {
                if (m.star().equals("TARGET") || m.star().equals("EXCLUDED")) {
                    continue;
                }
                if (m.peak() > OPTIONS.maxPeakFraction() * SATURATION) {
                    hot.put(m.star(), true);
                }
                if (m.flux() > 0) { // usable: no flag is set in this campaign
                    if (!usable.containsKey(m.star())) {
                        order.add(m.star());
                    }
                    usable.computeIfAbsent(m.star(), k -> new ArrayList<>()).add(new double[]{m.flux(), m.flux() / m.fluxError()});
                }
            }
        }
        List<String> chosen = new ArrayList<>();
        for (String star : order) {
            List<double[]> values = usable.get(star);
            if (hot.getOrDefault(star, false)) {
                rejected.put(star, "peak pixel above 60 % of saturation");
            } else if (values.size() < OPTIONS.minFrameFraction() * frames.size()) {
                rejected.put(star, "usable on " + values.size() + " of " + frames.size() + " frames");
            } else if (median(values, 1) < OPTIONS.minSnr() || median(values, 0) < OPTIONS.minFluxRatio() * targetFlux) {
                continue;
            } else {
                chosen.add(star);
            }
        }
        return chosen;
    }

    private static double medianFlux(List<FrameMeasurements> frames, String star) {
        List<double[]> values = new ArrayList<>();
        for (FrameMeasurements frame : frames) {
            for (Measurement m : frame.measurements()) {
                if (m.star().equals(star) && m.flux() > 0) {
                    values.add(new double[]{m.flux()});
                }
            }
        }
        return median(values, 0);
    }

    private static double median(List<double[]> values, int column) {
        double[] column_ = values.stream().mapToDouble(v -> v[column]).toArray();
        return Statistics.median(column_, column_.length);
    }

    private static Measurement star(String name, double flux, double error, double peak) {
        return new Measurement(name, 0, 0, flux, AREA, 100, 10, 400, flux, error, Double.NaN, Double.NaN, 0, peak);
    }

    private static Observation observation(int frame) {
        return new Observation(60, 1, 10, SATURATION, 0.57, 58_000 + frame * 0.01, null, "rp", Double.NaN, Double.NaN, 0, 2.0);
    }
}
