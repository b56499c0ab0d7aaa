package io.skyroute.analysis.pages;

import io.skyroute.analysis.periodogram.PhaseFold;
import io.skyroute.analysis.science.LightcurveAnalysis;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The static plots of a lightcurve (JFreeChart, PNG): every filter with error bars and its flagged
 * epochs marked as red crosses; the periodogram; the curve folded at the best period.
 */
public final class LightcurvePlots {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color FLAGGED = new Color(200, 30, 30);

    private LightcurvePlots() {
    }

    public static void lightcurve(String title, List<LightcurveAnalysis> filters, OutputStream out) throws IOException {
        YIntervalSeriesCollection good = new YIntervalSeriesCollection();
        XYSeriesCollection flagged = new XYSeriesCollection();
        boolean magnitudes = !filters.isEmpty() && filters.get(0).lightcurve().magnitudes();
        for (LightcurveAnalysis a : filters) {
            YIntervalSeries series = new YIntervalSeries(a.lightcurve().filter());
            XYSeries bad = new XYSeries(a.lightcurve().filter() + " flagged");
            double[] t = a.lightcurve().time();
            double[] v = a.lightcurve().value();
            double[] e = a.lightcurve().error();
            for (int i = 0; i < t.length; i++) {
                if (!Double.isFinite(v[i])) {
                    continue;
                }
                if (a.qflags()[i] == 0) {
                    double err = Double.isFinite(e[i]) ? e[i] : 0;
                    series.add(t[i], v[i], v[i] - err, v[i] + err);
                } else {
                    bad.add(t[i], v[i]);
                }
            }
            good.addSeries(series);
            flagged.addSeries(bad);
        }
        NumberAxis time = new NumberAxis("time (d)");
        time.setAutoRangeIncludesZero(false);
        NumberAxis values = new NumberAxis(magnitudes ? "magnitude" : "flux");
        values.setAutoRangeIncludesZero(false);
        values.setInverted(magnitudes);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        XYPlot plot = new XYPlot(good, time, values, renderer);
        XYLineAndShapeRenderer crosses = new XYLineAndShapeRenderer(false, true);
        for (int s = 0; s < flagged.getSeriesCount(); s++) {
            crosses.setSeriesPaint(s, FLAGGED);
            crosses.setSeriesShape(s, org.jfree.chart.util.ShapeUtils.createDiagonalCross(3, 0.5f));
        }
        plot.setDataset(1, flagged);
        plot.setRenderer(1, crosses);
        write(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), out, 900, 450);
    }

    public static void periodogram(String title, LightcurveAnalysis a, OutputStream out) throws IOException {
        XYSeries series = new XYSeries("power");
        double[] power = a.periodogram().power();
        for (int k = 0; k < power.length; k++) {
            series.add(1.0 / a.periodogram().grid().frequency(k), power[k]);
        }
        LogAxis period = new LogAxis("period (d)");
        NumberAxis powerAxis = new NumberAxis("Lomb-Scargle power (standard)");
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), period, powerAxis, line);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle(String.format(java.util.Locale.ROOT, "best period %.5g d, power %.3f, FAP %.2g",
                a.statistics().bestPeriod(), a.statistics().bestPower(), a.statistics().falseAlarm())));
        write(chart, out, 900, 400);
    }

    public static void phaseFolded(String title, LightcurveAnalysis a, OutputStream out) throws IOException {
        double period = a.statistics().bestPeriod();
        double[] t = a.lightcurve().time();
        double[] phase = PhaseFold.phases(t, period);
        YIntervalSeries series = new YIntervalSeries(a.lightcurve().filter());
        for (int i = 0; i < t.length; i++) {
            double v = a.lightcurve().value()[i];
            double e = a.lightcurve().error()[i];
            if (a.qflags()[i] == 0) {
                series.add(phase[i], v, v - e, v + e);
                series.add(phase[i] + 1, v, v - e, v + e);
            }
        }
        NumberAxis phaseAxis = new NumberAxis(String.format(java.util.Locale.ROOT, "phase at P = %.5g d", period));
        phaseAxis.setRange(0, 2);
        NumberAxis values = new NumberAxis(a.lightcurve().magnitudes() ? "magnitude" : "flux");
        values.setAutoRangeIncludesZero(false);
        values.setInverted(a.lightcurve().magnitudes());
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(series);
        write(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, new XYPlot(data, phaseAxis, values, renderer), false), out, 900, 400);
    }

    static void write(JFreeChart chart, OutputStream out, int width, int height) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.writeChartAsPNG(out, chart, width, height);
    }
}
