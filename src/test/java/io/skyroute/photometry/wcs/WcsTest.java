package io.skyroute.photometry.wcs;

import io.skyroute.photometry.RealFrames;
import io.skyroute.photometry.ReferenceTable;
import io.skyroute.photometry.fits.BadImage;
import io.skyroute.photometry.fits.FitsImageReader;
import io.skyroute.photometry.fits.HeaderCards;

import nom.tam.fits.HeaderCard;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Against astropy's all_pix2world / all_world2pix (src/test/python/photometry_reference.py). */
class WcsTest {

    /** 0.01 px, the tolerance, is ~3e-6 degrees on these frames; we hold to a hundredth of it. */
    private static final double DEGREES = 3e-8;
    private static final double PIXELS = 1e-4;

    private final Map<String, Wcs> frames = new HashMap<>();

    private Wcs wcs(String file) {
        return frames.computeIfAbsent(file, f -> Wcs.of(new FitsImageReader().read(RealFrames.frame(f)).header()));
    }

    @Test
    void pixelToSkyAgreesWithAstropyOnTheRealFrames() {
        List<CSVRecord> grid = ReferenceTable.read("wcs_grid.csv");
        assertThat(grid).hasSize(80);
        for (CSVRecord point : grid) {
            double[] sky = wcs(point.get("file")).pixelToSky(d(point, "x"), d(point, "y"));
            assertThat(sky[0]).as(point.toString()).isCloseTo(d(point, "ra"), offset(DEGREES));
            assertThat(sky[1]).as(point.toString()).isCloseTo(d(point, "dec"), offset(DEGREES));
        }
    }

    @Test
    void skyToPixelAgreesWithAstropyOnTheRealFrames() {
        Map<String, double[]> stars = new LinkedHashMap<>();
        ReferenceTable.read("stars.csv").forEach(s -> stars.put(s.get("name"), new double[]{d(s, "ra"), d(s, "dec")}));
        List<CSVRecord> forced = ReferenceTable.read("forced.csv");
        assertThat(forced).hasSizeGreaterThan(400);
        for (CSVRecord row : forced) {
            double[] star = stars.get(row.get("name"));
            double[] pixel = wcs(row.get("file")).skyToPixel(star[0], star[1]);
            assertThat(pixel[0]).as(row.toString()).isCloseTo(d(row, "x"), offset(PIXELS));
            assertThat(pixel[1]).as(row.toString()).isCloseTo(d(row, "y"), offset(PIXELS));
        }
    }

    @Test
    void sipDistortionBothWaysAgreesWithAstropy() throws Exception {
        Map<String, String> cards = new LinkedHashMap<>();
        for (String line : Files.readAllLines(RealFrames.reference("sip_header.txt"))) {
            if (line.length() > 8 && line.charAt(8) == '=') {
                HeaderCard card = HeaderCard.create(line);
                cards.put(card.getKey(), card.getValue());
            }
        }
        Wcs sip = Wcs.of(new HeaderCards("sip_header.txt", cards));
        for (CSVRecord point : ReferenceTable.read("sip_points.csv")) {
            double[] sky = sip.pixelToSky(d(point, "x"), d(point, "y"));
            assertThat(sky[0]).as(point.toString()).isCloseTo(d(point, "ra"), offset(DEGREES));
            assertThat(sky[1]).as(point.toString()).isCloseTo(d(point, "dec"), offset(DEGREES));
            double[] pixel = sip.skyToPixel(d(point, "ra"), d(point, "dec"));
            assertThat(pixel[0]).as(point.toString()).isCloseTo(d(point, "x_back"), offset(PIXELS));
            assertThat(pixel[1]).as(point.toString()).isCloseTo(d(point, "y_back"), offset(PIXELS));
        }
        // the distortion is large enough to matter: ignoring it moves the corner by pixels
        cards.remove("A_ORDER");
        cards.put("CTYPE1", "RA---TAN");
        cards.put("CTYPE2", "DEC--TAN");
        double[] plain = Wcs.of(new HeaderCards("no-sip", cards)).skyToPixel(80.70507467648584, -0.9450161326304097);
        assertThat(Math.hypot(plain[0], plain[1])).isGreaterThan(1.0);
    }

    @Test
    void missingOrUnsupportedWcsIsNamed() {
        assertThatThrownBy(() -> Wcs.of(new HeaderCards("f.fits", Map.of("CRPIX1", "1"))))
                .isInstanceOf(BadImage.class).hasMessage("f.fits: CTYPE1/CTYPE2: missing, the frame has no celestial WCS");
        assertThatThrownBy(() -> Wcs.of(new HeaderCards("f.fits", Map.of("CTYPE1", "RA---ZPN", "CTYPE2", "DEC--ZPN"))))
                .isInstanceOf(BadImage.class).hasMessageContaining("only RA---TAN");
        assertThatThrownBy(() -> Wcs.of(new HeaderCards("f.fits", Map.of("CTYPE1", "RA---TAN", "CTYPE2", "DEC--TAN",
                "CRPIX1", "1", "CRPIX2", "1", "CRVAL1", "1", "CRVAL2", "x", "CD1_1", "1"))))
                .isInstanceOf(BadImage.class).hasMessage("f.fits: CRVAL2: expected a number, found 'x'");
    }

    private static double d(CSVRecord record, String column) {
        return Double.parseDouble(record.get(column));
    }
}
