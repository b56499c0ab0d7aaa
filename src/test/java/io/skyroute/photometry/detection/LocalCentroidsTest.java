package io.skyroute.photometry.detection;

import io.skyroute.photometry.PipelineCatalogue;
import io.skyroute.photometry.RealFrames;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.fits.FitsImageReader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the LCO pipeline's own catalogue (CAT, made by SEP) of the frame: the independent positions. */
class LocalCentroidsTest {

    private static final FitsImage IMAGE = new FitsImageReader().read(RealFrames.frame(RealFrames.OGG_RP));

    private static List<PipelineCatalogue.Source> brightStars() throws Exception {
        return PipelineCatalogue.read(RealFrames.frame(RealFrames.OGG_RP)).stream()
                .filter(s -> s.flag() == 0 && s.fluxAper6() > 2e4).toList();
    }

    @Test
    void findsEachStarNearItsPredictionWhereTheCatalogueHasIt() throws Exception {
        List<PipelineCatalogue.Source> bright = brightStars();
        assertThat(bright).hasSizeGreaterThan(15);
        // predictions off by a few pixels, as an approximate WCS gives them (CAT is 1-based)
        List<double[]> predicted = bright.stream().map(s -> new double[]{s.x() - 1 + 3.7, s.y() - 1 - 2.4}).toList();

        List<Source> found = new LocalCentroids(5, 9, 12).find(IMAGE, predicted);

        assertThat(found).hasSize(bright.size());
        for (PipelineCatalogue.Source star : bright) {
            Source nearest = found.stream().min(java.util.Comparator.comparingDouble(f -> Math.hypot(f.x() - (star.x() - 1), f.y() - (star.y() - 1))))
                    .orElseThrow();
            assertThat(Math.hypot(nearest.x() - (star.x() - 1), nearest.y() - (star.y() - 1))).as("star at %s,%s", star.x(), star.y())
                    .isLessThan(0.5);
            assertThat(nearest.area()).isGreaterThanOrEqualTo(9);
        }
    }

    @Test
    void aStarBeyondTheSearchRadiusOrEmptySkyGivesNothingAndAStarIsFoundOnce() throws Exception {
        PipelineCatalogue.Source star = brightStars().get(0);
        double x = star.x() - 1;
        double y = star.y() - 1;
        LocalCentroids centroids = new LocalCentroids(5, 9, 6);

        List<Source> twice = centroids.find(IMAGE, List.of(new double[]{x + 1, y}, new double[]{x - 1, y}));
        assertThat(twice).hasSize(1);
        assertThat(Math.hypot(twice.get(0).x() - x, twice.get(0).y() - y)).isLessThan(0.5);

        List<Source> far = centroids.find(IMAGE, List.of(new double[]{x + 40, y + 40}));
        far.forEach(f -> assertThat(Math.hypot(f.x() - x, f.y() - y)).isGreaterThan(20));

        assertThat(centroids.find(IMAGE, List.of(new double[]{-50, -50}, new double[]{IMAGE.width() + 100, 10}))).isEmpty();
    }

    @Test
    void aLongListLooksOnTwoCoresAndStillGivesEachStarOnceInTheOrderOfThePositions() throws Exception {
        // twenty positions (the list is split in halves from sixteen): ten stars, then the same ten again a pixel off
        List<PipelineCatalogue.Source> ten = brightStars().subList(0, 10);
        List<double[]> predicted = new java.util.ArrayList<>();
        ten.forEach(s -> predicted.add(new double[]{s.x() - 1 + 1, s.y() - 1}));
        ten.forEach(s -> predicted.add(new double[]{s.x() - 1 - 1, s.y() - 1}));

        List<Source> found = new LocalCentroids(5, 9, 6).find(IMAGE, predicted);

        assertThat(found).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(Math.hypot(found.get(i).x() - (ten.get(i).x() - 1), found.get(i).y() - (ten.get(i).y() - 1))).as("star %d", i)
                    .isLessThan(0.5);
        }
        assertThat(new LocalCentroids(5, 9, 6).find(IMAGE, predicted.subList(0, 10))).containsExactlyElementsOf(found);
    }
}
