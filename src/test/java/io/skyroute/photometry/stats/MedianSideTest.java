package io.skyroute.photometry.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MedianSide} against the median it stands in for, on the cases where the two could part. */
class MedianSideTest {

    @Test
    void agreesWithTheMedianOnEverySideOfIt() {
        SplittableRandom random = new SplittableRandom(22);
        int checked = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            int n = 1 + random.nextInt(40);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                // few distinct values, so ties at the threshold and at the middle are common
                values[i] = random.nextInt(3) == 0 ? random.nextInt(6) : random.nextDouble(-5, 10);
            }
            double median = Statistics.median(values.clone(), n);
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            // thresholds at the median, just either side of it, at each value and between neighbours
            double[] thresholds = {median, Math.nextUp(median), Math.nextDown(median), sorted[0], sorted[n - 1],
                    sorted[n / 2], sorted[(n - 1) / 2], (sorted[0] + sorted[n - 1]) / 2, random.nextDouble(-6, 11)};
            for (double threshold : thresholds) {
                assertThat(tallied(values, n, threshold)).as("%s < %s", Arrays.toString(values), threshold).isEqualTo(median < threshold);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(180_000);
    }

    /** A tally taken in two parts (any split, values in any slot) and joined says what one tally of them all says. */
    @Test
    void twoTalliesJoinedSayWhatOneSays() {
        SplittableRandom random = new SplittableRandom(23);
        for (int trial = 0; trial < 5_000; trial++) {
            int slots = 1 + random.nextInt(6);
            double threshold = random.nextInt(4);
            MedianSide whole = new MedianSide(slots, threshold);
            MedianSide first = new MedianSide(slots, threshold);
            MedianSide second = new MedianSide(slots, threshold);
            int n = random.nextInt(60);
            int split = n == 0 ? 0 : random.nextInt(n + 1);
            for (int i = 0; i < n; i++) {
                int slot = random.nextInt(slots);
                double value = random.nextInt(10) == 0 ? Double.NaN : random.nextInt(3) == 0 ? random.nextInt(5) : random.nextDouble(-2, 6);
                whole.add(slot, value);
                (i < split ? first : second).add(slot, value);
            }
            first.add(second);
            for (int slot = 0; slot < slots; slot++) {
                assertThat(first.below(slot)).as("trial %d slot %d", trial, slot).isEqualTo(whole.below(slot));
            }
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MedianSide(2, 1).add(new MedianSide(2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot join");
    }

    @Test
    void talliesOnlyWhatItIsGiven() {
        double[] values = {1, 2, 3, 100, 100, 100};
        assertThat(tallied(values, 3, 2.5)).isTrue();
        assertThat(tallied(values, 6, 2.5)).isFalse();
    }

    @Test
    void leavesWhatIsNotFiniteToTheValuesThemselves() {
        double[][] cases = {{1, Double.NaN, 3}, {1, Double.POSITIVE_INFINITY, 3, 4}, {Double.NEGATIVE_INFINITY, 2}, {1e308, 1.5e308}};
        for (double[] values : cases) {
            assertThat(tallied(values, values.length, 2)).as(Arrays.toString(values)).isNull();
        }
        assertThat(new MedianSide(1, 1).below(0)).as("no values: the median is NaN").isFalse();
    }

    /** The values tallied into slot 1 of two, with other values going to slot 0 between them. */
    private static Boolean tallied(double[] values, int n, double threshold) {
        MedianSide side = new MedianSide(2, threshold);
        for (int i = 0; i < n; i++) {
            side.add(0, -1e6);
            side.add(1, values[i]);
            side.add(0, 1e6 + i);
        }
        return side.below(1);
    }
}
