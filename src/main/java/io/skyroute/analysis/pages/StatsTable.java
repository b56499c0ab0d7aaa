package io.skyroute.analysis.pages;

import io.skyroute.analysis.stats.LightcurveStatistics;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** {@code stats.csv}: one row per lightcurve file and filter, the columns of the statistics table. */
public final class StatsTable {

    public static final List<String> COLUMNS = List.of("file", "filter", "n", "span", "cadence", "mean", "weighted_mean", "median",
            "clipped_mean", "robust_rms", "chi2_red", "excess_variance", "poisson_ratio", "pearson_r", "pearson_p", "von_neumann",
            "best_period", "best_power", "fap", "amplitude", "class", "detections");

    private StatsTable() {
    }

    public static void write(List<SummaryRow> rows, Writer out) throws IOException {
        CSVPrinter printer = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(COLUMNS.toArray(String[]::new)).get().print(out);
        for (SummaryRow row : rows) {
            printer.printRecord(row(row));
        }
        printer.flush();
    }

    static List<Object> row(SummaryRow summary) {
        String file = summary.source();
        LightcurveStatistics s = summary.statistics();
        List<Object> row = new ArrayList<>(List.of(file, s.filter(), s.points()));
        for (double v : new double[]{s.span(), s.cadence(), s.mean(), s.weightedMean(), s.median(), s.clippedMean(), s.robustRms(),
                s.chi2Reduced(), s.excessVariance(), s.poissonRatio(), s.pearsonR(), s.pearsonP(), s.vonNeumann(), s.bestPeriod(),
                s.bestPower(), s.falseAlarm(), s.amplitude()}) {
            row.add(Double.isFinite(v) ? Double.toString(v) : "");
        }
        row.add(s.kind().label());
        row.add(summary.detections());
        return row;
    }
}
