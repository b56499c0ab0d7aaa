package io.skyroute.reduction;

import ar.com.hjg.pngj.FilterType;
import ar.com.hjg.pngj.ImageInfo;
import ar.com.hjg.pngj.ImageLineByte;
import ar.com.hjg.pngj.PngWriter;
import ar.com.hjg.pngj.chunks.PngChunkPLTE;
import org.jfree.chart.JFreeChart;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.OutputStream;

/**
 * A chart as an opaque 8-bit PNG, encoded for speed: no row filter and the fastest deflate level. A lightcurve
 * plot is redrawn on every reduction, and ImageIO's writer (which tries all five row filters on every row at its
 * default level) took 24 ms of a 30-frame reduction that adds one frame, against 7 ms here, for a file about a
 * third larger (docs/benchmarks.md). A chart of at most 256 colours (a lightcurve plot has ~200: its marks and
 * grid are drawn without antialiasing) is written with a palette, the same pixels in a third of the bytes to
 * compress (deflate was 4 of those 7 ms); any other as 8-bit RGB.
 */
final class ChartPng {

    private ChartPng() {
    }

    /** An image of type {@link BufferedImage#TYPE_INT_RGB}, as {@link JFreeChart#createBufferedImage(int, int, int, org.jfree.chart.ChartRenderingInfo)} gives. */
    static void write(OutputStream out, BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        Palette palette = Palette.of(pixels);
        if (palette != null) {
            writeIndexed(out, palette, width, height);
        } else {
            writeRgb(out, pixels, width, height);
        }
    }

    private static PngWriter writer(OutputStream out, ImageInfo info) {
        PngWriter png = new PngWriter(out, info);
        png.setShouldCloseStream(false);
        png.setFilterType(FilterType.FILTER_NONE);
        png.setCompLevel(1);
        return png;
    }

    private static void writeIndexed(OutputStream out, Palette palette, int width, int height) {
        ImageInfo info = new ImageInfo(width, height, 8, false, false, true);
        PngWriter png = writer(out, info);
        PngChunkPLTE plte = png.getMetadata().createPLTEChunk();
        plte.setNentries(palette.colours.length);
        for (int i = 0; i < palette.colours.length; i++) {
            int rgb = palette.colours[i];
            plte.setEntry(i, (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
        }
        ImageLineByte line = new ImageLineByte(info);
        byte[] row = line.getScanline();
        for (int y = 0; y < height; y++) {
            System.arraycopy(palette.indices, y * width, row, 0, width);
            png.writeRow(line);
        }
        png.end();
    }

    private static void writeRgb(OutputStream out, int[] pixels, int width, int height) {
        ImageInfo info = new ImageInfo(width, height, 8, false);
        PngWriter png = writer(out, info);
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

    /** An image's colours (at most 256, in order of first appearance) and each pixel's index among them. */
    static final class Palette {
        final int[] colours;
        final byte[] indices;

        private Palette(int[] colours, byte[] indices) {
            this.colours = colours;
            this.indices = indices;
        }

        /** The palette of {@code 0xRRGGBB} pixels, or null when they have more than 256 colours. */
        static Palette of(int[] pixels) {
            // open addressing on the colour: 1,024 slots for at most 256 colours keep the probes short
            int[] keys = new int[1024];
            int[] slots = new int[1024];
            java.util.Arrays.fill(keys, -1);
            int[] colours = new int[256];
            int count = 0;
            byte[] indices = new byte[pixels.length];
            int last = -1;
            byte lastIndex = 0;
            for (int p = 0; p < pixels.length; p++) {
                int rgb = pixels[p] & 0xffffff;
                if (rgb != last) { // most pixels repeat their left neighbour
                    int slot = (rgb * 0x9E3779B1) >>> 22;
                    while (keys[slot] != -1 && keys[slot] != rgb) {
                        slot = (slot + 1) & 1023;
                    }
                    if (keys[slot] == -1) {
                        if (count == 256) {
                            return null;
                        }
                        keys[slot] = rgb;
                        slots[slot] = count;
                        colours[count++] = rgb;
                    }
                    last = rgb;
                    lastIndex = (byte) slots[slot];
                }
                indices[p] = lastIndex;
            }
            return new Palette(java.util.Arrays.copyOf(colours, count), indices);
        }
    }
}
