package io.skyroute.reduction;

import io.skyroute.photometry.ensemble.LightcurvePoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A frame's remembered times are the ones written only while they are the point's times. */
class TimeTextsTest {

    @Test
    void aFramesTimesAreFormattedOnceAndAgainWhenTheyChange() {
        TimeTexts texts = new TimeTexts(10);
        LightcurvePoint first = point("a.fits.fz", 57981.123456789, 57981.1271, 57981.12705);
        TimeTexts.Text text = texts.of(first);
        assertThat(text.mjdText()).isEqualTo(Double.toString(57981.123456789));
        assertThat(text.joined()).isEqualTo("57981.123456789 57981.1271 57981.12705");
        assertThat(texts.of(point("a.fits.fz", 57981.123456789, 57981.1271, 57981.12705))).isSameAs(text);

        // the same frame with other times (its header corrected, the target moved): formatted again
        assertThat(texts.of(point("a.fits.fz", 57981.123456789, 57981.1272, 57981.12705)).joined())
                .isEqualTo("57981.123456789 57981.1272 57981.12705");
        assertThat(texts.of(point("a.fits.fz", 57981.5, 57981.1272, 57981.12705)).mjdText()).isEqualTo("57981.5");
        assertThat(texts.of(point("a.fits.fz", 57981.5, 57981.1272, Double.NaN)).joined()).isEqualTo("57981.5 57981.1272 NaN");
    }

    @Test
    void atCapacityTheMemoStartsAgain() {
        TimeTexts texts = new TimeTexts(3);
        for (int i = 0; i < 3; i++) {
            texts.of(point("f" + i, 57980 + i, 57980 + i, 57980 + i));
        }
        assertThat(texts.size()).isEqualTo(3);
        assertThat(texts.of(point("f9", 1, 2, 3)).joined()).isEqualTo("1.0 2.0 3.0");
        assertThat(texts.size()).isEqualTo(1);
    }

    private static LightcurvePoint point(String frame, double mjd, double bjd, double hjd) {
        return new LightcurvePoint(frame, mjd, bjd, hjd, "rp", 1, 0.1, 12, 0.01, 0);
    }
}
