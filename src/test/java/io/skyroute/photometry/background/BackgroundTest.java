package io.skyroute.photometry.background;

import io.skyroute.photometry.stats.Statistics;

import io.skyroute.photometry.RealFrames;
import io.skyroute.photometry.ReferenceTable;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.fits.FitsImageReader;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Against astropy's sigma_clipped_stats and photutils' Background2D mesh. */
class BackgroundTest {

    @Test
    void globalSigmaClippedStatisticsAgreeWithAstropy() {
        for (CSVRecord expected : ReferenceTable.read("background.csv")) {
            FitsImage image = new FitsImageReader().read(RealFrames.frame(expected.get("file")));
            Statistics.Clipped clipped = Background.global(image, 3.0, 5);
            assertThat(clipped.mean()).as(expected.get("file")).isCloseTo(d(expected, "mean"), offset(1e-9 * d(expected, "mean")));
            assertThat(clipped.median()).isEqualTo(d(expected, "median"));
            assertThat(clipped.std()).isCloseTo(d(expected, "std"), offset(1e-9 * d(expected, "std")));
        }
    }

    @Test
    void meshAgreesWithPhotutilsBackground2D() {
        List<CSVRecord> expected = ReferenceTable.read("mesh.csv");
        FitsImage image = new FitsImageReader().read(RealFrames.frame(expected.get(0).get("file")));
        MeshBackground background = MeshBackground.of(image, 64);

        assertThat(background.columns() * background.rows()).isEqualTo(expected.size());
        for (CSVRecord box : expected) {
            int i = Integer.parseInt(box.get("i"));
            int j = Integer.parseInt(box.get("j"));
            assertThat(background.mesh(i, j)).as("box %d,%d", i, j).isCloseTo(d(box, "median"), offset(1e-9 * d(box, "median")));
        }
        // between box centres the map is smooth and stays within the mesh's range
        assertThat(background.at(100, 100)).isBetween(background.mesh(1, 1) - 2, background.mesh(1, 1) + 2);
    }

    private static double d(CSVRecord record, String column) {
        return Double.parseDouble(record.get(column));
    }
}
