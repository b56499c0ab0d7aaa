package io.skyroute.reduction;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.photometry.ensemble.LightcurvePoint;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalDataItem;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * A dataset's lightcurve products: {@code <target>_<filter>_lc.csv} in the TOM's format
 * ({@code time,filter,magnitude,error}, time in MJD), {@code <target>_<filter>_lc.ecsv} with every
 * column and the provenance in its header, {@code <target>_<filter>_lc.png}, and
 * {@code provenance.json} naming each product with its SHA-256.
 */
final class LightcurveProducts {

    static final String PROVENANCE = io.skyroute.pipeline.Dataset.PROVENANCE_FILE;
    static final String EXPOSURE_KEY = io.skyroute.pipeline.Dataset.PROVENANCE_EXPOSURE_KEY;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private LightcurveProducts() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static String baseName(String target, String filter) {
        return io.skyroute.pipeline.Dataset.lightcurveStem(target, filter);
    }

    /** Other writing the caller does while the plot is drawn. */
    @FunctionalInterface
    interface Meanwhile {
        void run() throws IOException;
    }

    static List<Path> write(Path dataset, String target, String filter, List<LightcurvePoint> points, Provenance provenance,
                            Meanwhile meanwhile) throws IOException {
        String base = baseName(target, filter);
        // the plot, the CSV and the ECSV are written side by side while the caller's writing (mostly waiting for fsyncs)
        // goes on; each product is hashed as it is written, so the provenance reads none of them back
        Future<Products.Hashed> plot = BesideWork.submit(() -> Products.hashedBinary(dataset.resolve(base + ".png"),
                out -> ChartPng.write(out, plot(target, filter, points, provenance))));
        Future<Products.Hashed> csv = BesideWork.submit(() -> Products.hashedText(dataset.resolve(base + ".csv"), out -> writeCsv(out, points)));
        Future<Products.Hashed> ecsv = BesideWork.submit(() -> Products.hashedText(dataset.resolve(base + ".ecsv"),
                out -> writeEcsv(out, target, filter, points, provenance)));
        try {
            meanwhile.run();
            ProvenanceManifest manifest = new ProvenanceManifest(provenance); // all but the products, while they are written
            List<Products.Hashed> products = new ArrayList<>();
            products.add(BesideWork.await(csv, "the lightcurve table was written"));
            products.add(BesideWork.await(ecsv, "the lightcurve table was written"));
            products.add(BesideWork.await(plot, "the lightcurve plot was drawn"));
            return writeProvenance(dataset, manifest, products);
        } finally {
            // done by then, unless something failed: nothing is left being written after a failed run
            awaitQuietly(csv);
            awaitQuietly(ecsv);
            awaitQuietly(plot);
        }
    }

    /** The frames' times as text, for every dataset: ~250 bytes a frame, at most 20,000 frames (5 MB). */
    private static final TimeTexts TIMES = new TimeTexts(20_000);

    /** One string cell of an ECSV data row (space-delimited, CSV quoting, as astropy reads it). */
    private static final CSVFormat ECSV_CELL = CSVFormat.DEFAULT.builder().setDelimiter(' ').get();
    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader("time", "filter", "magnitude", "error").get();

    static void writeCsv(Writer out, List<LightcurvePoint> points) throws IOException {
        CSVPrinter printer = CSV.print(out);
        printer.flush();
        // the rows joined here, the filter cell (with the delimiter before it) quoted by commons-csv only where the filter
        // changes (a dataset has one): its printRecord was two thirds of this table's time at 2,000 rows, and a number
        // (digits, '.', '-', 'E', NaN, Infinity) is never quoted by it
        String cellOf = null;
        String filter = null;
        StringBuilder row = new StringBuilder(80);
        for (LightcurvePoint p : points) {
            if (!Double.isNaN(p.magnitude())) {
                if (!p.filter().equals(cellOf)) {
                    StringBuilder cell = new StringBuilder();
                    CSV.print(p.filter(), cell, false);
                    filter = cell.toString();
                    cellOf = p.filter();
                }
                row.setLength(0);
                row.append(TIMES.of(p).mjdText()).append(filter).append(',').append(ShortestDecimal.of(p.magnitude()))
                        .append(',').append(ShortestDecimal.of(p.magnitudeError())).append('\n');
                out.append(row);
            }
        }
    }

    static void writeEcsv(Writer out, String target, String filter, List<LightcurvePoint> points, Provenance provenance)
            throws IOException {
        out.write("# %ECSV 1.0\n# ---\n# datatype:\n");
        String[][] columns = {{"frame", "string"}, {"mjd", "float64"}, {"bjd_tdb", "float64"}, {"hjd_utc", "float64"},
                {"filter", "string"}, {"flux", "float64"}, {"flux_err", "float64"}, {"mag", "float64"}, {"mag_err", "float64"},
                {"flags", "int32"}};
        for (String[] c : columns) {
            out.write("# - {name: " + c[0] + ", datatype: " + c[1] + "}\n");
        }
        out.write("# meta:\n");
        out.write("#   target: " + quote(target) + "\n#   filter: " + quote(filter) + "\n");
        out.write("#   software_version: " + quote(provenance.softwareVersion()) + "\n");
        out.write("#   config_hash: " + quote(provenance.configHash()) + "\n");
        out.write("#   time_scales: {mjd: UTC mid-exposure, bjd_tdb: barycentric TDB, hjd_utc: heliocentric UTC}\n");
        out.write("#   input_frames: [" + String.join(", ", provenance.inputFrames().stream().map(LightcurveProducts::quote).toList()) + "]\n");
        out.write("#   comparison_stars: [" + String.join(", ", provenance.comparisonStars().stream().map(LightcurveProducts::quote).toList()) + "]\n");
        // the rest of the provenance as one JSON value per key (JSON is YAML): target, ensemble, quality
        for (Map.Entry<String, Object> entry : Map.of("target", (Object) provenance.target(), "ensemble", provenance.ensemble(),
                "quality", provenance.quality()).entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            out.write("#   " + entry.getKey() + ": " + JSON.writeValueAsString(entry.getValue()) + "\n");
        }
        out.write("# schema: astropy-2.0\n");
        out.write("frame mjd bjd_tdb hjd_utc filter flux flux_err mag mag_err flags\n");
        StringBuilder row = new StringBuilder(200);
        for (LightcurvePoint p : points) {
            row.setLength(0);
            ECSV_CELL.print(p.frame(), row, true);  // quoted where a space, quote or line break would break the row
            row.append(' ').append(TIMES.of(p).joined()).append(' ');
            ECSV_CELL.print(p.filter(), row, true);
            for (double value : new double[]{p.flux(), p.fluxError(), p.magnitude(), p.magnitudeError()}) {
                row.append(' ').append(ShortestDecimal.of(value));
            }
            out.append(row.append(' ').append(p.flags()).append('\n'));
        }
    }

    /** {@code provenance.json}, naming each product with the hash of the bytes written; the products' paths, provenance last. */
    private static List<Path> writeProvenance(Path dataset, ProvenanceManifest manifest, List<Products.Hashed> products) throws IOException {
        Path written = manifest.write(dataset.resolve(PROVENANCE), dataset, products);
        List<Path> paths = new ArrayList<>(products.stream().map(Products.Hashed::path).toList());
        paths.add(written);
        return paths;
    }

    static final int PLOT_WIDTH = 900;
    static final int PLOT_HEIGHT = 500;

    /** The plot: the chart drawn by JFreeChart, the points' marks set into its pixels (LightcurveMarks says why). */
    static BufferedImage plot(String target, String filter, List<LightcurvePoint> points, Provenance provenance) {
        XYErrorRenderer renderer = LightcurveMarks.rendererWithoutMarks();
        JFreeChart chart = chart(target, filter, points, provenance, renderer);
        ChartRenderingInfo drawn = new ChartRenderingInfo(null); // where the data area went; no entities
        BufferedImage image = chart.createBufferedImage(PLOT_WIDTH, PLOT_HEIGHT, BufferedImage.TYPE_INT_RGB, drawn);
        java.awt.Paint paint = renderer.lookupSeriesPaint(0);
        int rgb = paint instanceof java.awt.Color colour ? colour.getRGB() : java.awt.Color.RED.getRGB();
        LightcurveMarks.draw(image, chart.getXYPlot(), drawn.getPlotInfo().getDataArea(), points, rgb);
        return image;
    }

    /** The chart with the renderer given: {@link LightcurveMarks#rendererWithoutMarks()}, or (to compare) JFreeChart's own. */
    static JFreeChart chart(String target, String filter, List<LightcurvePoint> points, Provenance provenance, XYErrorRenderer renderer) {
        // points in time order (as a reduction gives them) are appended as they come: the series' sorted insert looked
        // each one up in the others (boxed comparisons), and each insert told listeners there are none of yet
        boolean inOrder = true;
        double last = Double.NEGATIVE_INFINITY;
        for (LightcurvePoint p : points) {
            if (!Double.isNaN(p.magnitude())) {
                inOrder &= p.mjd() >= last;
                last = p.mjd();
            }
        }
        YIntervalSeries series = new YIntervalSeries(target + " " + filter, !inOrder, true);
        for (LightcurvePoint p : points) {
            if (!Double.isNaN(p.magnitude())) {
                series.add(new YIntervalDataItem(p.mjd(), p.magnitude(), p.magnitude() - p.magnitudeError(),
                        p.magnitude() + p.magnitudeError()), false);
            }
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(series);
        NumberAxis time = new NumberAxis("MJD (UTC, mid-exposure)");
        time.setAutoRangeIncludesZero(false);
        NumberAxis magnitude = new NumberAxis("instrumental magnitude (ensemble-normalised)");
        magnitude.setAutoRangeIncludesZero(false);
        magnitude.setInverted(true);
        XYPlot plot = new XYPlot(data, time, magnitude, renderer);
        // solid grid lines: JFreeChart's default dashed ones were half the drawing time of a 30-point plot
        plot.setDomainGridlineStroke(GRID);
        plot.setRangeGridlineStroke(GRID);
        JFreeChart chart = new JFreeChart(target + " — " + filter, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        // the marks are upright bars, squares and grid lines, which antialiasing barely changes but slows threefold
        // (2,000 points: 9.5 -> 3.1 ms); the text stays antialiased
        chart.setAntiAlias(false);
        chart.setTextAntiAlias(true);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle("skyroute " + provenance.softwareVersion() + ", config "
                + provenance.configHash().substring(0, Math.min(12, provenance.configHash().length())) + ", "
                + provenance.inputFrames().size() + " frames"));
        return chart;
    }

    private static final java.awt.BasicStroke GRID = new java.awt.BasicStroke(0.5f);

    private static void awaitQuietly(Future<?> work) {
        try {
            work.get();
        } catch (Exception e) {
            // the first failure is the one reported; another that failed too, or never ran, adds nothing
        }
    }

    /** A YAML scalar for the ECSV header: single-quoted, or JSON-quoted (escaped) when it holds a control character. */
    private static String quote(String text) {
        String value = String.valueOf(text);
        if (value.chars().anyMatch(Character::isISOControl) || value.contains("\u2028") || value.contains("\u2029")) {
            try {
                return JSON.writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return "'" + value.replace("'", "''") + "'";
    }

}
