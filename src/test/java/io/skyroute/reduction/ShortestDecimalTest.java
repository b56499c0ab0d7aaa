package io.skyroute.reduction;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ShortestDecimalTest {

    @Test
    void writesALightcurvesValuesAsDoubleToStringDoes() {
        SplittableRandom random = new SplittableRandom(22);
        for (int i = 0; i < 200_000; i++) {
            // the ranges a lightcurve row holds: MJD, BJD, flux and its error, magnitude and its error
            double[] values = {57_900 + random.nextDouble(2_000), 2_457_900 + random.nextDouble(2_000),
                    random.nextDouble(1e7), random.nextDouble(1e3), 5 + random.nextDouble(20), random.nextDouble(0.5)};
            for (double value : values) {
                assertThat(ShortestDecimal.of(value)).as("%a", value).isEqualTo(Double.toString(value));
            }
        }
    }

    @Test
    void readsBackAsTheSameDoubleAndIsNeverLongerForAnyBitPattern() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value)) {
                continue;
            }
            String text = ShortestDecimal.of(value);
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(value);
            assertThat(text.length()).as(text).isLessThanOrEqualTo(Double.toString(value).length());
        }
    }

    @Test
    void writesTheSpecialValuesAsJavaDoes() {
        for (double value : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1.0, 1e-5, 1e7, -2.5,
                Double.MIN_VALUE, Double.MAX_VALUE}) {
            assertThat(ShortestDecimal.of(value)).isEqualTo(Double.toString(value));
        }
    }
}
