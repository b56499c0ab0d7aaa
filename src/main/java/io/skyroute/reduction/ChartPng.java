package io.skyroute.reduction;

import ar.com.hjg.pngj.FilterType;
import ar.com.hjg.pngj.ImageInfo;
import ar.com.hjg.pngj.ImageLineByte;
import ar.com.hjg.pngj.PngWriter;
import org.jfree.chart.JFreeChart;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.OutputStream;

/**
 * A chart as an opaque 8-bit RGB PNG, encoded for speed: no row filter and the fastest deflate level.
 * A lightcurve plot is redrawn on every reduction, and ImageIO's writer (which tries all five row filters
 * on every row at its default level) took 24 ms of a 30-frame reduction that adds one frame, against 7 ms
 * here, for a file about a third larger (docs/benchmarks.md).
 */
final class ChartPng {

    private ChartPng() {
    }

    static void write(OutputStream out, JFreeChart chart, int width, int height) {
        BufferedImage image = chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        ImageInfo info = new ImageInfo(width, height, 8, false);
        PngWriter png = new PngWriter(out, info);
        png.setShouldCloseStream(false);
        png.setFilterType(FilterType.FILTER_NONE);
        png.setCompLevel(1);
        ImageLineByte line = new ImageLineByte(info);
        byte[] row = line.getScanline();
        for (int y = 0; y < height; y++) {
            for (int x = 0, i = y * width, j = 0; x < width; x++, i++) {
                int rgb = pixels[i];
                row[j++] = (byte) (rgb >> 16);
                row[j++] = (byte) (rgb >> 8);
                row[j++] = (byte) rgb;
            }
            png.writeRow(line);
        }
        png.end();
    }
}
