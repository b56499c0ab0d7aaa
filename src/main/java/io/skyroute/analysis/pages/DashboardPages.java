package io.skyroute.analysis.pages;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.analysis.events.Detection;
import io.skyroute.analysis.events.ScanHistograms;
import io.skyroute.analysis.science.LightcurveAnalysis;
import io.skyroute.analysis.stats.LightcurveClass;
import io.skyroute.analysis.stats.LightcurveStatistics;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PiePlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.general.DefaultPieDataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the dashboard into a folder: a page per lightcurve ({@code lightcurves/<id>.html}: interactive
 * plot per filter, statistics, detections, injections, provenance, links to its products, the static
 * PNGs), the exploratory tables {@code interesting.html}, {@code boring.html}, {@code null.html} (sortable,
 * a thumbnail per row), {@code exptime_histogram.html}, {@code opt_elem.html}, {@code configurations.html}
 * (pie charts), {@code index.html}, {@code stats.csv}, {@code histograms.json} and the interesting
 * periodograms in {@code periodogram_subset/}. The JavaScript (uPlot, sortable) is copied from the jar:
 * the pages work offline. Every file is written under a temporary name and renamed into place.
 */
public final class DashboardPages {

    private static final List<String> ASSETS = List.of("uPlot.iife.min.js", "uPlot.min.css", "sortable.min.js", "sortable.min.css",
            "uPlot.LICENSE", "sortable.LICENSE", "lightcurve.js");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes a file atomically from a stream writer (the caller's {@code AtomicFiles}, so this package stays free of the rooms). */
    public interface FileWriter {
        void write(Path target, Body body) throws IOException;
    }

    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    private final Path out;
    private final FileWriter files;

    public DashboardPages(Path out, FileWriter files) {
        this.out = out;
        this.files = files;
    }

    /** The page of one lightcurve and its plots (what changes when one lightcurve is analysed again). */
    public void writeLightcurve(DashboardEntry entry) throws IOException {
        Files.createDirectories(out.resolve("lightcurves"));
        Path folder = out.resolve("lightcurves");
        files.write(folder.resolve(entry.id() + "_lc.png"), o -> LightcurvePlots.lightcurve(entry.name(), entry.filters(), o));
        for (LightcurveAnalysis a : entry.filters()) {
            if (a.periodogram() != null) {
                String stem = entry.id() + "_" + safe(a.lightcurve().filter());
                files.write(folder.resolve(stem + "_periodogram.png"), o -> LightcurvePlots.periodogram(entry.name() + " " + a.lightcurve().filter(), a, o));
                files.write(folder.resolve(stem + "_phase.png"), o -> LightcurvePlots.phaseFolded(entry.name() + " " + a.lightcurve().filter(), a, o));
            }
        }
        // every epoch with its quality flag (AstroRetriever's qflag column), what the plots and statistics used
        files.write(folder.resolve(entry.id() + "_epochs.csv"), o -> {
            Writer w = new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8);
            var printer = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                    .setHeader("time", "filter", "value", "error", "qflag").get().print(w);
            for (LightcurveAnalysis a : entry.filters()) {
                for (int i = 0; i < a.lightcurve().size(); i++) {
                    printer.printRecord(a.lightcurve().time()[i], a.lightcurve().filter(), a.lightcurve().value()[i], a.lightcurve().error()[i],
                            a.qflags()[i]);
                }
            }
            printer.flush();
        });
        List<String> productLinks = new ArrayList<>(List.of(entry.id() + "_epochs.csv"));
        if (!entry.products().isEmpty()) {
            Path copies = folder.resolve(entry.id() + "_files");
            Files.createDirectories(copies);
            for (Path product : entry.products()) {
                if (Files.isRegularFile(product) && Files.size(product) < 50_000_000L) {
                    Path copy = copies.resolve(product.getFileName().toString());
                    files.write(copy, o -> Files.copy(product, o));
                    productLinks.add(entry.id() + "_files/" + product.getFileName());  // encoded where it becomes a link
                }
            }
        }
        text(folder.resolve(entry.id() + ".html"), lightcurvePage(entry, productLinks));
    }

    /** The summary pages over every entry (rewritten whenever any lightcurve changes). */
    public void writeSummaries(List<SummaryRow> rows, ScanHistograms histograms) throws IOException {
        Files.createDirectories(out.resolve("assets"));
        for (String asset : ASSETS) {
            files.write(out.resolve("assets").resolve(asset), o -> {
                try (InputStream in = DashboardPages.class.getResourceAsStream("/dashboard/assets/" + asset)) {
                    if (in == null) {
                        throw new IOException("dashboard asset missing from the jar: " + asset);
                    }
                    in.transferTo(o);
                }
            });
        }
        files.write(out.resolve("stats.csv"), o -> {
            Writer w = new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8);
            StatsTable.write(rows, w);
            w.flush();
        });
        text(out.resolve("index.html"), table("All lightcurves", rows, null));
        for (LightcurveClass kind : LightcurveClass.values()) {
            text(out.resolve(kind.label() + ".html"), table(kind.label() + " lightcurves", rows, kind));
        }
        exposurePage(rows);
        filterPage(rows);
        configurationsPage(rows);
        Map<String, Object> histogramJson = new LinkedHashMap<>();
        histogramJson.put("epochs_by_brightness", histograms.byBrightness());
        histogramJson.put("epochs_by_cadence_log10_days", histograms.byCadence());
        files.write(out.resolve("histograms.json"), o -> JSON.writerWithDefaultPrettyPrinter().writeValue(o, histogramJson));
        Path subset = out.resolve("periodogram_subset");
        Files.createDirectories(subset);
        for (SummaryRow row : rows) {
            String png = row.id() + "_" + safe(row.statistics().filter()) + "_periodogram.png";
            Path source = out.resolve("lightcurves").resolve(png);
            if (row.statistics().kind() == LightcurveClass.INTERESTING && Files.isRegularFile(source)) {
                Files.copy(source, subset.resolve(png), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private String lightcurvePage(DashboardEntry entry, List<String> productLinks) throws IOException {
        StringBuilder h = new StringBuilder(Html.head(entry.name(), "../assets"));
        h.append("<script src=\"../assets/uPlot.iife.min.js\"></script>\n").append(Html.nav("../"));
        h.append("<h1>").append(Html.escape(entry.name())).append("</h1>\n<p>").append(Html.escape(entry.source().toString()))
                .append(" &middot; instrument ").append(Html.escape(entry.instrument())).append("</p>\n");
        for (LightcurveAnalysis a : entry.filters()) {
            String filter = a.lightcurve().filter();
            String plotId = "plot-" + safe(filter);
            h.append("<h2>").append(Html.escape(filter)).append(" &mdash; ").append(a.statistics().kind().label()).append("</h2>\n");
            h.append("<div id=\"").append(Html.escape(plotId)).append("\" class=\"lightcurve-plot\"></div>\n");
            h.append("<script type=\"application/json\" class=\"lightcurve-data\">")
                    .append(Html.jsonInScript(plotData(plotId, a))).append("</script>\n");
            h.append(statisticsTable(a.statistics()));
            h.append(detectionsTable(a.detections()));
            if (!a.trials().isEmpty()) {
                h.append(injectionTable(a));
            }
            if (a.periodogram() != null) {
                String stem = entry.id() + "_" + safe(filter);
                h.append("<p><img src=\"").append(stem).append("_periodogram.png\" alt=\"periodogram\"><br><img src=\"").append(stem)
                        .append("_phase.png\" alt=\"phase-folded\"></p>\n");
            }
        }
        h.append("<script src=\"../assets/lightcurve.js\"></script>\n");
        h.append("<h2>Static plot</h2><p><img src=\"").append(entry.id()).append("_lc.png\" alt=\"lightcurve\"></p>\n");
        if (!productLinks.isEmpty()) {
            h.append("<h2>Products</h2><ul>");
            for (String link : productLinks) {
                h.append("<li><a href=\"").append(Html.escape(Html.pathUrl(link))).append("\">").append(Html.escape(link.contains("/") ? link.substring(link.indexOf('/') + 1)
                        : "epochs with qflag (CSV)"))
                        .append("</a></li>");
            }
            h.append("</ul>\n");
        }
        if (entry.provenanceJson() != null) {
            h.append("<h2>Provenance</h2><pre>").append(Html.escape(entry.provenanceJson())).append("</pre>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /** What lightcurve.js draws: the element, the title, the axis direction and uPlot's columns: x, good values (null where flagged), flagged values (null where good). */
    private static Map<String, Object> plotData(String element, LightcurveAnalysis a) {
        int n = a.lightcurve().size();
        List<Double> x = new ArrayList<>();
        List<Double> good = new ArrayList<>();
        List<Double> bad = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double v = a.lightcurve().value()[i];
            if (!Double.isFinite(v)) {
                continue;
            }
            x.add(a.lightcurve().time()[i]);
            good.add(a.qflags()[i] == 0 ? v : null);
            bad.add(a.qflags()[i] != 0 ? v : null);
        }
        Map<String, Object> plot = new LinkedHashMap<>();
        plot.put("element", element);
        plot.put("title", a.lightcurve().filter());
        plot.put("magnitudes", a.lightcurve().magnitudes());
        plot.put("data", List.of(x, good, bad));
        return plot;
    }

    private static String statisticsTable(LightcurveStatistics s) {
        Map<String, Double> rows = new LinkedHashMap<>();
        rows.put("points", (double) s.points());
        rows.put("time span (d)", s.span());
        rows.put("median cadence (d)", s.cadence());
        rows.put("mean", s.mean());
        rows.put("weighted mean", s.weightedMean());
        rows.put("median", s.median());
        rows.put("3-sigma-clipped mean", s.clippedMean());
        rows.put("robust rms", s.robustRms());
        rows.put("reduced chi-square", s.chi2Reduced());
        rows.put("excess variance", s.excessVariance());
        rows.put("stdev / sqrt(mean)", s.poissonRatio());
        rows.put("Pearson r (value vs time)", s.pearsonR());
        rows.put("Pearson p", s.pearsonP());
        rows.put("von Neumann ratio", s.vonNeumann());
        rows.put("best period (d)", s.bestPeriod());
        rows.put("best power", s.bestPower());
        rows.put("false-alarm probability", s.falseAlarm());
        rows.put("amplitude", s.amplitude());
        StringBuilder h = new StringBuilder("<table class=\"statistics\">");
        rows.forEach((k, v) -> h.append("<tr><th class=\"l\">").append(Html.escape(k)).append("</th><td>").append(Html.number(v)).append("</td></tr>"));
        return h.append("</table>\n").toString();
    }

    private static String detectionsTable(List<Detection> detections) {
        if (detections.isEmpty()) {
            return "<p>No detections.</p>\n";
        }
        StringBuilder h = new StringBuilder("<h3>Detections</h3><table class=\"sortable detections\"><thead><tr><th>season</th><th>start</th>"
                + "<th>end</th><th>peak time</th><th>peak S/N</th><th>peak &Delta;mag</th><th>epochs</th><th>flagged epochs</th></tr></thead><tbody>");
        for (Detection d : detections) {
            h.append("<tr><td>").append(d.season()).append("</td>").append(Html.cell(d.start())).append(Html.cell(d.end()))
                    .append(Html.cell(d.peakTime())).append(Html.cell(d.peakSnr())).append(Html.cell(d.peakDeltaMag())).append("<td>")
                    .append(d.epochs()).append("</td><td>").append(d.flaggedEpochs()).append("</td></tr>");
        }
        return h.append("</tbody></table>\n").toString();
    }

    private static String injectionTable(LightcurveAnalysis a) {
        Map<String, int[]> byCase = new TreeMap<>();
        for (var trial : a.trials()) {
            String key = trial.event().kind().label() + "|" + trial.event().amplitude() + "|" + trial.event().width();
            int[] counts = byCase.computeIfAbsent(key, k -> new int[2]);
            counts[0]++;
            counts[1] += trial.recovered() ? 1 : 0;
        }
        StringBuilder h = new StringBuilder("<h3>Injection tests</h3><table class=\"sortable injections\"><thead><tr><th>kind</th><th>amplitude</th>"
                + "<th>width (d)</th><th>injected</th><th>recovered</th><th>efficiency</th></tr></thead><tbody>");
        byCase.forEach((key, counts) -> {
            String[] p = key.split("\\|");
            h.append("<tr><td class=\"l\">").append(p[0]).append("</td><td>").append(p[1]).append("</td><td>").append(p[2]).append("</td><td>")
                    .append(counts[0]).append("</td><td>").append(counts[1]).append("</td>").append(Html.cell(counts[1] / (double) counts[0]))
                    .append("</tr>");
        });
        return h.append("</tbody></table>\n").toString();
    }

    private String table(String title, List<SummaryRow> summary, LightcurveClass only) {
        StringBuilder h = new StringBuilder(Html.head(title, "assets"));
        h.append("<script src=\"assets/sortable.min.js\"></script>\n").append(Html.nav("")).append("<h1>").append(Html.escape(title)).append("</h1>\n");
        h.append("<table class=\"sortable lightcurves\"><thead><tr><th class=\"l\">lightcurve</th><th class=\"l\">filter</th><th>n</th><th>mean</th>"
                + "<th>robust rms</th><th>&chi;&sup2;<sub>red</sub></th><th>excess var</th><th>best period (d)</th><th>power</th><th>FAP</th>"
                + "<th>detections</th><th class=\"l\">class</th><th class=\"no-sort\">plot</th></tr></thead><tbody>\n");
        int rows = 0;
        for (SummaryRow row : summary) {
                LightcurveStatistics s = row.statistics();
                if (only != null && s.kind() != only) {
                    continue;
                }
                rows++;
                String page = "lightcurves/" + row.id() + ".html";
                h.append("<tr><td class=\"l\"><a href=\"").append(page).append("\">").append(Html.escape(row.name())).append("</a></td><td class=\"l\">")
                        .append(Html.escape(s.filter())).append("</td><td data-sort=\"").append(s.points()).append("\">").append(s.points()).append("</td>")
                        .append(Html.cell(s.mean())).append(Html.cell(s.robustRms())).append(Html.cell(s.chi2Reduced()))
                        .append(Html.cell(s.excessVariance())).append(Html.cell(s.bestPeriod())).append(Html.cell(s.bestPower()))
                        .append(Html.cell(s.falseAlarm())).append("<td>").append(row.detections()).append("</td><td class=\"l\">")
                        .append(s.kind().label()).append("</td><td><a href=\"").append(page).append("\"><img class=\"thumb\" loading=\"lazy\" src=\"lightcurves/")
                        .append(row.id()).append("_lc.png\" alt=\"\"></a></td></tr>\n");
        }
        h.append("</tbody></table>\n<p>").append(rows).append(" rows. Click a column header to sort.</p></body></html>\n");
        return h.toString();
    }

    private void exposurePage(List<SummaryRow> rows) throws IOException {
        Map<String, Double> byTarget = new TreeMap<>();
        for (SummaryRow row : rows) {
            if (Double.isFinite(row.exposureSeconds())) {
                byTarget.merge(row.name(), row.exposureSeconds() / 3600.0, Double::sum);
            }
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        byTarget.forEach((target, hours) -> data.addValue(hours, "exposure", target));
        files.write(out.resolve("exptime_histogram.png"), o -> LightcurvePlots.write(bar("Exposure per target", "hours", data), o, 900, 450));
        StringBuilder h = new StringBuilder(Html.head("Exposure per target", "assets")).append("<script src=\"assets/sortable.min.js\"></script>")
                .append(Html.nav("")).append("<h1>Exposure per target</h1><p><img src=\"exptime_histogram.png\" alt=\"exposure per target\"></p>")
                .append("<table class=\"sortable\"><thead><tr><th class=\"l\">target</th><th>exposure (h)</th></tr></thead><tbody>");
        byTarget.forEach((t, v) -> h.append("<tr><td class=\"l\">").append(Html.escape(t)).append("</td>").append(Html.cell(v)).append("</tr>"));
        text(out.resolve("exptime_histogram.html"), h.append("</tbody></table></body></html>\n").toString());
    }

    private void filterPage(List<SummaryRow> rows) throws IOException {
        Map<String, Integer> byFilter = new TreeMap<>();
        for (SummaryRow row : rows) {
            byFilter.merge(row.statistics().filter(), 1, Integer::sum);
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        byFilter.forEach((f, n) -> data.addValue(n, "lightcurves", f));
        files.write(out.resolve("opt_elem.png"), o -> LightcurvePlots.write(bar("Lightcurves per filter", "lightcurves", data), o, 900, 450));
        StringBuilder h = new StringBuilder(Html.head("Lightcurves per filter", "assets")).append(Html.nav(""))
                .append("<h1>Lightcurves per filter</h1><p><img src=\"opt_elem.png\" alt=\"lightcurves per filter\"></p><table>");
        byFilter.forEach((f, n) -> h.append("<tr><td class=\"l\">").append(Html.escape(f)).append("</td><td>").append(n).append("</td></tr>"));
        text(out.resolve("opt_elem.html"), h.append("</table></body></html>\n").toString());
    }

    private void configurationsPage(List<SummaryRow> rows) throws IOException {
        Map<String, Map<String, Integer>> byInstrument = new TreeMap<>();
        for (SummaryRow row : rows) {
            byInstrument.computeIfAbsent(row.instrument(), k -> new TreeMap<>()).merge(row.statistics().filter(), 1, Integer::sum);
        }
        StringBuilder h = new StringBuilder(Html.head("Configurations", "assets")).append(Html.nav(""))
                .append("<h1>Datasets per instrument and filter</h1>\n");
        DefaultPieDataset<String> all = new DefaultPieDataset<>();
        byInstrument.forEach((instrument, filters) -> all.setValue(instrument, filters.values().stream().mapToInt(Integer::intValue).sum()));
        files.write(out.resolve("configurations_instruments.png"), o -> LightcurvePlots.write(pie("Datasets per instrument", all), o, 600, 400));
        h.append("<p><img src=\"configurations_instruments.png\" alt=\"datasets per instrument\"></p>\n");
        for (Map.Entry<String, Map<String, Integer>> instrument : byInstrument.entrySet()) {
            DefaultPieDataset<String> data = new DefaultPieDataset<>();
            instrument.getValue().forEach(data::setValue);
            String png = "configurations_" + safe(instrument.getKey()) + ".png";
            files.write(out.resolve(png), o -> LightcurvePlots.write(pie(instrument.getKey() + ": datasets per filter", data), o, 600, 400));
            h.append("<h2>").append(Html.escape(instrument.getKey())).append("</h2><p><img src=\"").append(png).append("\" alt=\"\"></p>\n");
        }
        text(out.resolve("configurations.html"), h.append("</body></html>\n").toString());
    }

    private static JFreeChart bar(String title, String valueLabel, DefaultCategoryDataset data) {
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(), new NumberAxis(valueLabel), new BarRenderer());
        return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    }

    private static JFreeChart pie(String title, DefaultPieDataset<String> data) {
        return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, new PiePlot<>(data), true);
    }

    private void text(Path target, String html) throws IOException {
        files.write(target, o -> o.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    /** The page name of a lightcurve file: its name and a short hash of its absolute path (two files may share a name). */
    public static String idFor(Path file) {
        String name = file.getFileName().toString().replaceAll("\\.(csv|ecsv|fits|fit|fits\\.gz)$", "");
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(file.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return safe(name) + "-" + java.util.HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A name safe as a file name part. */
    public static String safe(String text) {
        String s = text.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "_" : s;
    }
}
