package io.skyroute.photometry.ensemble;

import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.Measurement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementMatrixTest {

    private static Measurement star(String name, double flux) {
        return new Measurement(name, 0, 0, flux, 100, 10, 1, 50, flux, Math.sqrt(Math.abs(flux)) + 1, Double.NaN, Double.NaN, 0);
    }

    /**
     * Frames in different star orders, a star missing from some, a negative flux and a star measured twice on one
     * frame: the medians are each frame's first measurement of the star, positive ones only, as
     * {@link FrameMeasurements#of} gives them (computed here by sorting, not by the class's selection).
     */
    @Test
    void mediansFollowEachFramesFirstMeasurementOfAStar() {
        java.util.Random random = new java.util.Random(11);
        List<FrameMeasurements> frames = new ArrayList<>();
        for (int f = 0; f < 41; f++) {
            List<Measurement> stars = new ArrayList<>();
            for (int s = 0; s < 6; s++) {
                if (s == 4 && f % 3 == 0) {
                    continue; // missing on a third of the frames
                }
                double flux = s == 5 && f % 4 == 0 ? -50 : 1000 * (s + 1) * (1 + 0.1 * random.nextGaussian());
                stars.add(star("S" + s, flux));
            }
            if (f % 2 == 0) {
                java.util.Collections.reverse(stars); // a second order of the stars
            }
            stars.add(star("S2", 1e9)); // a later duplicate: never the one a frame gives
            frames.add(new FrameMeasurements("f" + f, null, stars));
        }
        MeasurementMatrix matrix = MeasurementMatrix.of(frames);

        Set<String> wanted = Set.of("S0", "S2", "S4", "S5", "NOWHERE");
        Map<String, Double> medians = matrix.medianPositiveFluxes(wanted);

        for (String name : List.of("S0", "S2", "S4", "S5")) {
            double[] values = frames.stream().map(f -> f.of(name)).filter(m -> m != null && m.flux() > 0).mapToDouble(Measurement::flux).sorted().toArray();
            double expected = values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
            assertThat(medians.get(name)).as(name).isEqualTo(expected);
            assertThat(matrix.medianPositiveFlux(name)).as(name).isEqualTo(expected);
        }
        assertThat(medians.get("NOWHERE")).isZero();
        assertThat(matrix.medianPositiveFlux("NOWHERE")).isNaN();
        assertThat(medians).containsOnlyKeys(wanted);
        assertThat(matrix.starCount()).isEqualTo(6);
        assertThat(Arrays.asList(matrix.name(0), matrix.name(1))).doesNotHaveDuplicates();
    }

    /** Each frame's positions of the wanted stars are those a pass over its entries finds, in entry order, duplicates included. */
    @Test
    void positionsAreThoseOfAPassOverEachFramesEntries() {
        List<FrameMeasurements> frames = new ArrayList<>();
        for (int f = 0; f < 12; f++) {
            List<Measurement> stars = new ArrayList<>();
            for (int s = 0; s < 5; s++) {
                if (!(s == 3 && f % 4 == 1)) {
                    stars.add(star("S" + s, 100 * (s + 1)));
                }
            }
            if (f % 3 == 0) {
                java.util.Collections.reverse(stars);
            }
            if (f == 7) {
                stars.add(star("S1", 5)); // measured twice
            }
            frames.add(new FrameMeasurements("f" + f, null, stars));
        }
        MeasurementMatrix matrix = MeasurementMatrix.of(frames);
        Set<Integer> wanted = Set.of(matrix.indexOf("S1"), matrix.indexOf("S3"));

        int[][] positions = matrix.positions(wanted::contains);

        for (int f = 0; f < frames.size(); f++) {
            List<Integer> expected = new ArrayList<>();
            for (int k = 0; k < matrix.entries(f); k++) {
                if (wanted.contains(matrix.star(f, k))) {
                    expected.add(k);
                }
            }
            assertThat(Arrays.stream(positions[f]).boxed().toList()).as("frame " + f).isEqualTo(expected);
        }
        assertThat(positions[7]).hasSize(3);
        assertThat(positions[11]).as("consecutive frames in one star order share their positions").isSameAs(positions[10]);
    }
}
