package io.skyroute.reduction;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The PNG decodes (with ImageIO, an independent decoder) to exactly the pixels the chart was drawn with, palette or not. */
class ChartPngTest {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void aChartOfFewColoursIsWrittenWithAPaletteAndLosesNoPixel() throws Exception {
        JFreeChart chart = chart();
        chart.setAntiAlias(false);
        byte[] png = encode(chart);

        assertThat(png[25]).as("colour type: indexed").isEqualTo((byte) 3);
        assertSamePixels(chart, png);
    }

    @Test
    void aChartOfMoreThan256ColoursIsWrittenAsRgbAndLosesNoPixel() throws Exception {
        JFreeChart chart = chart();
        chart.setBackgroundPaint(new GradientPaint(0, 0, Color.WHITE, 900, 500, new Color(20, 60, 200))); // hundreds of shades
        byte[] png = encode(chart);

        assertThat(png[25]).as("colour type: RGB").isEqualTo((byte) 2);
        assertSamePixels(chart, png);
    }

    @Test
    void thePaletteKeepsEveryColourInFirstAppearanceOrderAndGivesUpPast256() {
        int[] pixels = {0xffffff, 0xffffff, 0x102030, 0xffffff, 0xff102030, 0x000000};
        ChartPng.Palette palette = ChartPng.Palette.of(pixels);
        assertThat(palette.colours).containsExactly(0xffffff, 0x102030, 0x000000);
        assertThat(palette.indices).containsExactly(0, 0, 1, 0, 1, 2);

        int[] many = new int[257];
        for (int i = 0; i < many.length; i++) {
            many[i] = i * 4099;
        }
        assertThat(ChartPng.Palette.of(many)).isNull();
        assertThat(ChartPng.Palette.of(java.util.Arrays.copyOf(many, 256)).colours).hasSize(256);
    }

    private static JFreeChart chart() {
        XYSeries series = new XYSeries("PDS_110 rp");
        for (int i = 0; i < 30; i++) {
            series.add(57980 + i * 0.01, 12 + Math.sin(i) * 0.01);
        }
        return ChartFactory.createScatterPlot("PDS_110 — rp", "MJD", "magnitude", new XYSeriesCollection(series));
    }

    private static byte[] encode(JFreeChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartPng.write(out, chart.createBufferedImage(900, 500, BufferedImage.TYPE_INT_RGB, null));
        return out.toByteArray();
    }

    private static void assertSamePixels(JFreeChart chart, byte[] png) throws Exception {
        BufferedImage drawn = chart.createBufferedImage(900, 500, BufferedImage.TYPE_INT_RGB, null);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(900);
        assertThat(decoded.getHeight()).isEqualTo(500);
        int differing = 0;
        for (int y = 0; y < 500; y++) {
            for (int x = 0; x < 900; x++) {
                if ((decoded.getRGB(x, y) & 0xffffff) != (drawn.getRGB(x, y) & 0xffffff)) {
                    differing++;
                }
            }
        }
        assertThat(differing).as("pixels that differ").isZero();
    }
}
