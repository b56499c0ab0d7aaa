package io.skyroute.reduction;

import io.skyroute.photometry.ensemble.LightcurvePoint;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;

/**
 * The lightcurve plot's marks, set straight into the image's pixels once JFreeChart has drawn the rest of the chart
 * (titles, axes, grid) around them: on each point a 7-pixel square, through it the error bar with 5-pixel caps, in the
 * series' colour, within the data area. They are the pixels {@link XYErrorRenderer} draws (a 6 x 6 square filled and
 * outlined, caps of length 4, one-pixel lines, no antialiasing; LightcurveMarksTest), except a line lying exactly on a
 * pixel edge, which Java2D leaves out and this draws. Java2D draws each
 * of them as a shape, which for 2,000 points was three fifths of the plot's time (~3 ms a drawing, on every reduction
 * of a 2,000-frame dataset; docs/benchmarks.md), against ~0.1 ms here. A pixel of a mark is the one its coordinate
 * falls in (coordinates as the renderer computes them, with the plot's axes).
 */
final class LightcurveMarks {

    private static final double HALF_SQUARE = 3;
    private static final double HALF_CAP = 2;

    private LightcurveMarks() {
    }

    /**
     * A renderer that gives the plot the ranges, series colour and legend item {@link XYErrorRenderer} would (the
     * axes' ranges include the error bars), and draws nothing: the marks are drawn by {@link #draw}.
     */
    static XYErrorRenderer rendererWithoutMarks() {
        XYErrorRenderer renderer = new XYErrorRenderer() {
            @Override
            public void drawItem(java.awt.Graphics2D g2, org.jfree.chart.renderer.xy.XYItemRendererState state, Rectangle2D dataArea,
                                 org.jfree.chart.plot.PlotRenderingInfo info, XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis,
                                 org.jfree.data.xy.XYDataset dataset, int series, int item, org.jfree.chart.plot.CrosshairState crosshairState,
                                 int pass) {
                // the marks are set into the pixels afterwards (LightcurveMarks.draw)
            }
        };
        renderer.setDrawXError(false);
        return renderer;
    }

    /**
     * Sets the points' marks into {@code image} (of type {@link BufferedImage#TYPE_INT_RGB}) in {@code rgb}: the
     * plot was drawn there with its data area at {@code dataArea}. Points with no magnitude have no mark; a point
     * with no finite error has no bar.
     */
    static void draw(BufferedImage image, XYPlot plot, Rectangle2D dataArea, List<LightcurvePoint> points, int rgb) {
        int width = image.getWidth();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        // the pixels whose centres are inside the data area, as Java2D clips the renderer's drawing to it
        Clip clip = new Clip(centreInside(dataArea.getMinX()), centreInside(dataArea.getMaxX()) - 1,
                centreInside(dataArea.getMinY()), centreInside(dataArea.getMaxY()) - 1, width, image.getHeight());
        ValueAxis time = plot.getDomainAxis();
        ValueAxis magnitude = plot.getRangeAxis();
        org.jfree.chart.ui.RectangleEdge timeEdge = plot.getDomainAxisEdge();
        org.jfree.chart.ui.RectangleEdge magnitudeEdge = plot.getRangeAxisEdge();
        int colour = rgb & 0xffffff;
        for (LightcurvePoint p : points) {
            if (Double.isNaN(p.magnitude())) {
                continue;
            }
            double x = time.valueToJava2D(p.mjd(), dataArea, timeEdge);
            double y = magnitude.valueToJava2D(p.magnitude(), dataArea, magnitudeEdge);
            double low = magnitude.valueToJava2D(p.magnitude() - p.magnitudeError(), dataArea, magnitudeEdge);
            double high = magnitude.valueToJava2D(p.magnitude() + p.magnitudeError(), dataArea, magnitudeEdge);
            if (Double.isFinite(low) && Double.isFinite(high)) {
                int column = pixel(x);
                clip.fill(pixels, colour, column, column, pixel(Math.min(low, high)), pixel(Math.max(low, high)));
                clip.fill(pixels, colour, pixel(x - HALF_CAP), pixel(x + HALF_CAP), pixel(low), pixel(low));
                clip.fill(pixels, colour, pixel(x - HALF_CAP), pixel(x + HALF_CAP), pixel(high), pixel(high));
            }
            clip.fill(pixels, colour, pixel(x - HALF_SQUARE), pixel(x + HALF_SQUARE), pixel(y - HALF_SQUARE), pixel(y + HALF_SQUARE));
        }
    }

    /** The pixel a coordinate falls in (far outside the image for a coordinate that is not finite or huge). */
    private static int pixel(double coordinate) {
        return coordinate >= -1e6 && coordinate <= 1e6 ? (int) Math.floor(coordinate) : -1_000_000;
    }

    /** The first pixel whose centre is at or past {@code edge}. */
    private static int centreInside(double edge) {
        return (int) Math.ceil(edge - 0.5);
    }

    /** The pixels marks may be set in: columns and rows, inclusive, within both the data area and the image. */
    private record Clip(int left, int right, int top, int bottom, int width, int height) {

        Clip {
            left = Math.max(left, 0);
            top = Math.max(top, 0);
            right = Math.min(right, width - 1);
            bottom = Math.min(bottom, height - 1);
        }

        /** Sets the rectangle of pixels from column x0 to x1 and row y0 to y1 (inclusive), clipped. */
        void fill(int[] pixels, int rgb, int x0, int x1, int y0, int y1) {
            int fromX = Math.max(x0, left);
            int toX = Math.min(x1, right);
            int fromY = Math.max(y0, top);
            int toY = Math.min(y1, bottom);
            if (fromX > toX) {
                return;
            }
            for (int y = fromY; y <= toY; y++) {
                int row = y * width;
                java.util.Arrays.fill(pixels, row + fromX, row + toX + 1, rgb);
            }
        }
    }
}
