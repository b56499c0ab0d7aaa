package io.skyroute.photometry.aperture;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FrameMeasurementsTest {

    private static Measurement star(String name, double flux) {
        return new Measurement(name, 0, 0, flux, 100, 10, 1, 50, flux, 1, Double.NaN, Double.NaN, 0);
    }

    private static FrameMeasurements frame(int f, List<Measurement> stars) {
        return new FrameMeasurements("f" + f + ".fits", null, stars);
    }

    /**
     * Frames in two star orders interleaved, stars missing from some, a name twice on one frame, names read as new
     * strings: every lookup gives the frame's first measurement of that name (found here by a scan, not by the index).
     */
    @Test
    void aStarIsFoundOnEachFrameAsAScanFindsIt() {
        Random random = new Random(5);
        for (int f = 0; f < 60; f++) {
            List<Measurement> stars = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                if (random.nextInt(5) > 0) {
                    stars.add(star(new String("S" + s), random.nextDouble()));
                }
            }
            if (f % 7 == 0 && !stars.isEmpty()) {
                stars.add(star(stars.get(0).star(), -1)); // a name twice: the first one counts
            }
            if (f % 2 == 0) {
                java.util.Collections.reverse(stars);
            }
            FrameMeasurements frame = frame(f, stars);
            for (int s = 0; s < 9; s++) {
                String name = "S" + s;
                Measurement first = stars.stream().filter(m -> m.star().equals(name)).findFirst().orElse(null);
                assertThat(frame.of(name)).as("frame %d, %s", f, name).isSameAs(first);
            }
        }
    }

    /** Frames listing the same stars in one order share one array of names (a reference check compares orders); another order does not. */
    @Test
    void framesInOneOrderShareTheirNames() {
        List<Measurement> order = List.of(star("A", 1), star("B", 2), star("C", 3));
        FrameMeasurements first = frame(1, order);
        FrameMeasurements second = frame(2, List.of(star(new String("A"), 4), star(new String("B"), 5), star(new String("C"), 6)));
        FrameMeasurements reversed = frame(3, List.of(star("C", 7), star("B", 8), star("A", 9)));

        assertThat(second.columns().stars()).isSameAs(first.columns().stars()).containsExactly("A", "B", "C");
        assertThat(reversed.columns().stars()).isNotSameAs(first.columns().stars()).containsExactly("C", "B", "A");
        assertThat(second.of("B").flux()).isEqualTo(5);
        assertThat(reversed.of("B").flux()).isEqualTo(8);
        assertThat(first.of("A").flux()).as("an earlier frame keeps its own index after another order came").isEqualTo(1);
    }
}
