package io.skyroute.analysis.pages;

import io.skyroute.analysis.science.LightcurveAnalysis;

import java.nio.file.Path;
import java.util.List;

/**
 * One lightcurve file on the dashboard: a stable {@code id} (its page's name), what to call it, the file,
 * the instrument it came from ("unknown" for user files that do not say), each filter's analysis, the
 * provenance (JSON text, or null), the products to link, and the exposure of the dataset's frames (seconds; NaN
 * when unknown), used where the file itself gives no exposure per epoch.
 */
public record DashboardEntry(String id, String name, Path source, String instrument, List<LightcurveAnalysis> filters, String provenanceJson,
                             List<Path> products, double datasetExposureSeconds) {

    public DashboardEntry {
        filters = List.copyOf(filters);
        products = List.copyOf(products);
    }

    /** The summary rows of this entry, one per filter. */
    public java.util.List<SummaryRow> rows() {
        return filters.stream().map(a -> new SummaryRow(id, name, source.toString(), instrument, a.statistics(), a.detections().size(),
                Double.isFinite(a.lightcurve().totalExposure()) ? a.lightcurve().totalExposure() : datasetExposureSeconds)).toList();
    }

    /** Total exposure over the filters in seconds (NaN when the files did not say). */
    public double exposure() {
        double sum = 0;
        boolean any = false;
        for (LightcurveAnalysis a : filters) {
            double e = a.lightcurve().totalExposure();
            if (Double.isFinite(e)) {
                sum += e;
                any = true;
            }
        }
        return any ? sum : datasetExposureSeconds;
    }
}
