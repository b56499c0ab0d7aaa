package io.skyroute.photometry.detection;

import io.skyroute.photometry.PipelineCatalogue;
import io.skyroute.photometry.RealFrames;
import io.skyroute.photometry.stats.Statistics;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.fits.FitsImageReader;
import io.skyroute.photometry.wcs.Wcs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

/** Against the pipeline's own catalogue (CAT) of the frame. */
class SourceDetectorTest {

    @Test
    void findsTheCatalogueStarsWithTheirPositionsAndFwhm() throws Exception {
        FitsImage image = new FitsImageReader().read(RealFrames.frame(RealFrames.OGG_RP));
        Wcs wcs = Wcs.of(image.header());
        List<Source> sources = new SourceDetector(3.0, 5).detect(image, wcs);
        SkyMatcher<Source> detected = new SkyMatcher<>(sources, Source::ra, Source::dec);

        List<PipelineCatalogue.Source> bright = PipelineCatalogue.read(RealFrames.frame(RealFrames.OGG_RP)).stream()
                .filter(s -> s.flag() == 0 && s.fluxAper6() > 2e4).toList();
        assertThat(bright).hasSizeGreaterThan(15);
        double[] fwhmRatios = new double[bright.size()];
        int n = 0;
        for (PipelineCatalogue.Source star : bright) {
            Source match = detected.nearest(star.ra(), star.dec(), 2.0);
            assertThat(match).as("catalogue star at %s,%s", star.x(), star.y()).isNotNull();
            assertThat(Math.hypot(match.x() - (star.x() - 1), match.y() - (star.y() - 1))).isLessThan(0.5);
            fwhmRatios[n++] = match.fwhm() / star.fwhm();
        }
        assertThat(Statistics.median(fwhmRatios, n)).isCloseTo(1.0, withPercentage(20));
        assertThat(sources.get(0).flux()).isGreaterThanOrEqualTo(sources.get(sources.size() - 1).flux());
        assertThat(SourceDetector.medianFwhm(sources)).isBetween(3.0, 7.0);
        // noise does not pass as stars: at most a few times as many detections as the catalogue holds
        assertThat(sources.size()).isLessThan(4 * PipelineCatalogue.read(RealFrames.frame(RealFrames.OGG_RP)).size());
    }

    @Test
    void matcherFindsTheNearestWithinTheRadiusOnly() {
        record P(String name, double ra, double dec) {
        }
        SkyMatcher<P> matcher = new SkyMatcher<>(List.of(new P("a", 10, 0), new P("b", 10.001, 0), new P("c", 10, 1)), P::ra, P::dec);

        assertThat(matcher.nearest(10.0009, 0, 5).name()).isEqualTo("b");
        assertThat(matcher.nearest(10, 0.9995, 2).name()).isEqualTo("c");
        assertThat(matcher.nearest(11, 0, 5)).isNull();
        assertThat(SkyMatcher.separationDegrees(0, 0, 0, 1)).isCloseTo(1.0, withPercentage(1e-9));
    }
}
