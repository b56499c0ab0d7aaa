package io.skyroute.analysis.pages;

import io.skyroute.analysis.stats.LightcurveStatistics;

/**
 * One row of the summary pages and stats.csv: a lightcurve file's statistics in one filter, with what
 * the tables show beside them. Built from a fresh analysis or from the ledger's statistics table, so the
 * daemon rewrites the summaries without analysing every lightcurve again.
 */
public record SummaryRow(String id, String name, String source, String instrument, LightcurveStatistics statistics, int detections,
                         double exposureSeconds) {
}
