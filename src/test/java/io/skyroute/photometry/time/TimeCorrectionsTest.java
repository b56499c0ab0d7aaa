package io.skyroute.photometry.time;

import io.skyroute.photometry.RealFrames;
import io.skyroute.photometry.ReferenceTable;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.fits.FitsImageReader;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Against astropy (Time.tdb + light_travel_time, builtin ephemeris, the site from the header). */
class TimeCorrectionsTest {

    private static final double SECOND = 1 / 86400.0;

    @Test
    void bjdAndHjdAgreeWithAstropyToAFewTenthsOfASecond() {
        for (CSVRecord expected : ReferenceTable.read("times.csv")) {
            FitsImage image = new FitsImageReader().read(RealFrames.frame(expected.get("file")));
            double mid = image.observation().midMjd();
            assertThat(mid).isCloseTo(Double.parseDouble(expected.get("mjd_mid")), offset(1e-3 * SECOND));

            double bjd = TimeCorrections.bjdTdb(mid, 80.879142, -1.073338);
            double hjd = TimeCorrections.hjdUtc(mid, 80.879142, -1.073338);
            assertThat(bjd).as(expected.get("file")).isCloseTo(Double.parseDouble(expected.get("bjd_tdb")), offset(0.3 * SECOND));
            assertThat(hjd).as(expected.get("file")).isCloseTo(Double.parseDouble(expected.get("hjd_utc")), offset(0.3 * SECOND));
        }
    }

    @Test
    void leapSecondsAreCounted() {
        assertThat(TimeCorrections.tdbMinusUtc(57753.9)).isCloseTo(36 + 32.184, offset(0.002));
        assertThat(TimeCorrections.tdbMinusUtc(57754.1)).isCloseTo(37 + 32.184, offset(0.002));
    }
}
