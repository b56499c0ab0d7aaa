package io.skyroute.photometry.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Statistics#medianBelow} against the median it stands in for, on the cases where the two could part. */
class MedianBelowTest {

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
                double[] copy = values.clone();
                assertThat(Statistics.medianBelow(copy, n, threshold)).as("%s < %s", Arrays.toString(values), threshold)
                        .isEqualTo(median < threshold);
                assertThat(copy).as("left in place").isEqualTo(values);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(180_000);
    }

    @Test
    void usesOnlyTheFirstNValues() {
        double[] values = {1, 2, 3, 100, 100, 100};
        assertThat(Statistics.medianBelow(values, 3, 2.5)).isTrue();
        assertThat(Statistics.medianBelow(values, 6, 2.5)).isFalse();
    }

    @Test
    void leavesWhatIsNotFiniteToTheMedian() {
        double[][] cases = {{1, Double.NaN, 3}, {1, Double.POSITIVE_INFINITY, 3, 4}, {Double.NEGATIVE_INFINITY, 2}, {1e308, 1.5e308}};
        for (double[] values : cases) {
            for (double threshold : new double[]{0, 2, 3.5, 1e308, Double.POSITIVE_INFINITY}) {
                assertThat(Statistics.medianBelow(values.clone(), values.length, threshold)).as("%s < %s", Arrays.toString(values), threshold)
                        .isEqualTo(Statistics.median(values.clone(), values.length) < threshold);
            }
        }
        assertThat(Statistics.medianBelow(new double[0], 0, 1)).isFalse();
    }
}
