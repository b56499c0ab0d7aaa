package io.skyroute.reduction;

import io.skyroute.photometry.ensemble.LightcurvePoint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plot's marks, set into the pixels, against the same chart drawn by JFreeChart's own {@link XYErrorRenderer}:
 * the same image, pixel for pixel, for lightcurves as datasets give them; the marks' positions are the library's.
 */
class LightcurveMarksTest {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int SERIES = 0xff5555; // JFreeChart's first series colour

    @Test
    void theImageIsPixelForPixelTheLibrarysDrawing() {
        for (int n : new int[]{30, 2000}) {
            List<LightcurvePoint> points = lightcurve(n, new Random(n));
            Provenance provenance = new Provenance("test", "0123456789abcdef", points.stream().map(LightcurvePoint::frame).toList(),
                    Map.of(), List.of());
            BufferedImage ours = LightcurveProducts.plot("PDS_110", "rp", points, provenance);
            BufferedImage theirs = librarys("PDS_110", "rp", points, provenance);

            int marked = 0;
            for (int y = 0; y < ours.getHeight(); y++) {
                for (int x = 0; x < ours.getWidth(); x++) {
                    marked += rgb(theirs, x, y) == SERIES ? 1 : 0;
                    assertThat(rgb(ours, x, y)).as("%d points: pixel (%d, %d)", n, x, y).isEqualTo(rgb(theirs, x, y));
                }
            }
            assertThat(marked).as("the library drew marks").isGreaterThan(40 * n / 3);
        }
    }

    @Test
    void aBarOnAnExactPixelEdgeIsDrawnWhereJava2dLeavesItOut() {
        // one point: the middle of the data area, an exact pixel edge, where Java2D draws no one-pixel-wide line
        List<LightcurvePoint> points = List.of(point(60200.1, 11.8, 0.01));
        Provenance provenance = new Provenance("test", "cafe", List.of("f"), Map.of(), List.of());
        BufferedImage ours = LightcurveProducts.plot("T", "V", points, provenance);
        BufferedImage theirs = librarys("T", "V", points, provenance);
        int column = seriesColumns(ours)[0];
        int inBar = 0;
        for (int y = 0; y < ours.getHeight(); y++) {
            for (int x = 0; x < ours.getWidth(); x++) {
                if (rgb(ours, x, y) != rgb(theirs, x, y)) {
                    // the bar, and the caps' last pixel (a cap ends on an exact pixel edge too)
                    assertThat(Math.abs(x - column)).as("pixel (%d, %d) differs off the mark", x, y).isLessThanOrEqualTo(2);
                    assertThat(rgb(ours, x, y)).isEqualTo(SERIES);
                    inBar += x == column ? 1 : 0;
                }
            }
        }
        assertThat(inBar).as("the bar's pixels outside the square and caps").isGreaterThan(10);
    }

    @Test
    void aPointWithoutMagnitudeHasNoMarkAndOneWithoutErrorNoBar() {
        List<LightcurvePoint> points = new ArrayList<>();
        points.add(point(60000.0, 12.0, 0.05));
        points.add(point(60000.5, Double.NaN, 0.05));
        points.add(point(60001.0, 12.1, Double.NaN));
        points.add(point(60002.0, 12.2, 0.05));
        Provenance provenance = new Provenance("test", "cafe", List.of(), Map.of(), List.of());
        BufferedImage ours = LightcurveProducts.plot("T", "V", points, provenance);
        int[] columns = seriesColumns(ours);
        // three marks; the one without error is its 7-pixel square alone (no bar taller than it)
        assertThat(columns).hasSize(3);
        int tallest = 0;
        for (int y = 0; y < ours.getHeight(); y++) {
            tallest += rgb(ours, columns[1], y) == SERIES ? 1 : 0;
        }
        assertThat(tallest).isEqualTo(7);
    }

    /** The same chart drawn by JFreeChart's own renderer, as the plot was before its marks were set into the pixels. */
    private static BufferedImage librarys(String target, String filter, List<LightcurvePoint> points, Provenance provenance) {
        XYErrorRenderer library = new XYErrorRenderer();
        library.setDrawXError(false);
        JFreeChart chart = LightcurveProducts.chart(target, filter, points, provenance, library);
        return chart.createBufferedImage(LightcurveProducts.PLOT_WIDTH, LightcurveProducts.PLOT_HEIGHT, BufferedImage.TYPE_INT_RGB, null);
    }

    /** The centre column of each separate run of series-coloured columns, left to right. */
    private static int[] seriesColumns(BufferedImage image) {
        List<Integer> centres = new ArrayList<>();
        int start = -1;
        for (int x = 0; x <= image.getWidth(); x++) {
            boolean any = false;
            for (int y = 0; x < image.getWidth() && y < image.getHeight() && !any; y++) {
                any = rgb(image, x, y) == SERIES;
            }
            if (any && start < 0) {
                start = x;
            } else if (!any && start >= 0) {
                centres.add((start + x - 1) / 2);
                start = -1;
            }
        }
        return centres.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }

    /** A lightcurve as a dataset gives one: nights of frames minutes apart, a slow variation, noise, errors of 0.3-3 %. */
    private static List<LightcurvePoint> lightcurve(int n, Random random) {
        List<LightcurvePoint> points = new ArrayList<>();
        double mjd = 60200.1;
        for (int i = 0; i < n; i++) {
            mjd += i % 40 == 39 ? 1 + random.nextDouble() : 0.002 + 0.003 * random.nextDouble();
            double magnitude = 11.8 + 0.08 * Math.sin(mjd / 3) + 0.01 * random.nextGaussian();
            points.add(point(mjd, magnitude, 0.003 + 0.03 * random.nextDouble() * random.nextDouble()));
        }
        return points;
    }

    private static LightcurvePoint point(double mjd, double magnitude, double error) {
        return new LightcurvePoint("f" + mjd + ".fits.fz", mjd, mjd + 0.003, mjd + 0.003, "V", 1000, 10, magnitude, error, 0);
    }
}
