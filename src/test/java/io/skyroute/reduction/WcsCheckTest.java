package io.skyroute.reduction;

import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ReductionConfig;
import io.skyroute.photometry.aperture.Measurement;
import io.skyroute.photometry.aperture.Star;
import io.skyroute.photometry.detection.SourceDetector;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.fits.FitsImageReader;
import io.skyroute.photometry.fits.HeaderCards;
import io.skyroute.photometry.wcs.Wcs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The WCS check of a known field on the catalogue stars' local centroids: a good WCS is confirmed without a
 * full-image detection, one a few pixels off is refined, one further off than the local search still is —
 * on a full-image detection — and every path measures the target where the detection-based check did (within
 * 0.25 px, the flux within 0.3 %: the two checks centroid the stars slightly differently, and the header's own
 * WCS is good to about half a pixel on these frames by the LCO pipeline's catalogue).
 */
class WcsCheckTest {

    @Test
    void localCentroidsConfirmOrRefineAndAFullDetectionTakesOverBeyondTheirReach(@TempDir Path root) throws Exception {
        Path dataset = SampleDatasets.dataset(root, "rp", "  aperture_arcsec: 6.96\n");
        ReductionConfig config = new ConfigLoader(Map.of()).load(dataset.resolve(DatasetReducer.CONFIG_FILE), ConfigKind.REDUCTION,
                ReductionConfig.class);
        new AperturePipeline("test").reduce(dataset, config, "hash", false);
        List<Star> catalogue = StarCatalogue.read(root.resolve("PDS_110").resolve(StarCatalogue.FILE));
        AperturePhotometry science = new AperturePhotometry(config, 6.96);
        SourceDetector detector = new SourceDetector(config.photometry().detectionSigma(), 9);
        FitsImage image = new FitsImageReader().read(AperturePipeline.frames(dataset).get(3));

        AperturePhotometry.FrameResult detectionBased = science.measure(image, catalogue, detector.detect(image, Wcs.of(image.header())));
        AperturePhotometry.FrameResult asIs = science.measure(image, catalogue, detector);
        AperturePhotometry.FrameResult fewPixels = science.measure(shifted(image, 4.0, -3.0), catalogue, detector);
        AperturePhotometry.FrameResult farOff = science.measure(shifted(image, 18.0, 14.0), catalogue, detector);

        assertThat(asIs.exclusion()).as("as is").isNull();
        assertThat(fewPixels.exclusion()).as("few pixels").isNull();
        assertThat(farOff.exclusion()).as("far off").isNull();
        assertThat(asIs.note()).startsWith("WCS confirmed").doesNotContain(AperturePhotometry.FULL_DETECTION_NOTE);
        assertThat(fewPixels.note()).startsWith("WCS refined").doesNotContain(AperturePhotometry.FULL_DETECTION_NOTE);
        assertThat(farOff.note()).startsWith("WCS refined").contains(AperturePhotometry.FULL_DETECTION_NOTE);
        Measurement reference = detectionBased.measurements().of("PDS_110");
        for (AperturePhotometry.FrameResult result : List.of(asIs, fewPixels, farOff)) {
            Measurement target = result.measurements().of("PDS_110");
            assertThat(Math.hypot(target.x() - reference.x(), target.y() - reference.y())).as(result.note()).isLessThan(0.25);
            assertThat(target.flux() / reference.flux()).as(result.note()).isCloseTo(1.0, offset(3e-3));
        }
    }

    /** The image with CRPIX moved by (dx, dy): its WCS puts every star that many pixels off. */
    private static FitsImage shifted(FitsImage image, double dx, double dy) {
        Map<String, String> cards = new LinkedHashMap<>(image.header().asMap());
        cards.put("CRPIX1", Double.toString(image.header().number("CRPIX1", Double.NaN) + dx));
        cards.put("CRPIX2", Double.toString(image.header().number("CRPIX2", Double.NaN) + dy));
        return new FitsImage(image.file(), image.width(), image.height(), image.pixels(), image.badPixels(), image.errors(),
                new HeaderCards(image.file(), cards));
    }
}
