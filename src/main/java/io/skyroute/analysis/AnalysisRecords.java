package io.skyroute.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.analysis.events.Detection;
import io.skyroute.analysis.events.ScanHistograms;
import io.skyroute.analysis.events.Simulator;
import io.skyroute.analysis.pages.DashboardEntry;
import io.skyroute.analysis.pages.DashboardPages;
import io.skyroute.analysis.pages.SummaryRow;
import io.skyroute.analysis.science.LightcurveAnalysis;
import io.skyroute.analysis.stats.LightcurveClass;
import io.skyroute.analysis.stats.LightcurveStatistics;
import io.skyroute.ledger.AnalysisLedger;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Translates analyses to the ledger's rows and back (the ledger knows no analysis types). */
final class AnalysisRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnalysisRecords() {
    }

    static List<AnalysisLedger.StatsRow> statistics(DashboardEntry entry, String contentHash, Instant now) {
        List<AnalysisLedger.StatsRow> rows = new ArrayList<>();
        for (LightcurveAnalysis a : entry.filters()) {
            LightcurveStatistics s = a.statistics();
            double[] values = {s.span(), s.cadence(), s.mean(), s.weightedMean(), s.median(), s.clippedMean(), s.robustRms(), s.chi2Reduced(),
                    s.excessVariance(), s.poissonRatio(), s.pearsonR(), s.pearsonP(), s.vonNeumann(), s.bestPeriod(), s.bestPower(), s.falseAlarm(),
                    s.amplitude()};
            Map<String, Double> byColumn = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                byColumn.put(AnalysisLedger.STATISTICS.get(i), values[i]);
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("brightness", a.histograms().byBrightness());
            extra.put("cadence", a.histograms().byCadence());
            extra.put("exposure_seconds", Double.isFinite(a.lightcurve().totalExposure()) ? a.lightcurve().totalExposure() : null);
            extra.put("detections", a.detections().size());
            extra.put("name", entry.name());
            rows.add(new AnalysisLedger.StatsRow(entry.source().toString(), s.filter(), contentHash, entry.source().getParent().toString(), entry.name(),
                    entry.instrument(), s.points(), byColumn, s.kind().label(), json(extra), now));
        }
        return rows;
    }

    static List<AnalysisLedger.DetectionRow> detections(DashboardEntry entry) {
        String file = entry.source().toString();
        List<AnalysisLedger.DetectionRow> rows = new ArrayList<>();
        for (LightcurveAnalysis a : entry.filters()) {
            String filter = a.lightcurve().filter();
            for (Detection d : a.detections()) {
                rows.add(new AnalysisLedger.DetectionRow(file, filter, false, d.season(), d.start(), d.end(), d.peakTime(), d.peakSnr(),
                        d.peakDeltaMag(), d.epochs(), d.flaggedEpochs(), null, null, null, null, null));
            }
            for (Simulator.Trial t : a.trials()) {
                Detection d = t.detection();
                rows.add(new AnalysisLedger.DetectionRow(file, filter, true, d == null ? null : d.season(), d == null ? null : d.start(),
                        d == null ? null : d.end(), d == null ? null : d.peakTime(), d == null ? null : d.peakSnr(),
                        d == null ? null : d.peakDeltaMag(), d == null ? null : d.epochs(), d == null ? null : d.flaggedEpochs(),
                        t.event().kind().label(), t.event().amplitude(), t.event().width(), t.event().time(), t.recovered()));
            }
        }
        return rows;
    }

    static SummaryRow summary(AnalysisLedger.StatsRow row) {
        Map<String, Object> extra = extra(row);
        double[] v = AnalysisLedger.STATISTICS.stream().mapToDouble(c -> row.values().getOrDefault(c, Double.NaN)).toArray();
        LightcurveStatistics s = new LightcurveStatistics(row.target(), row.filter(), row.points(), v[0], v[1], v[2], v[3], v[4], v[5], v[6],
                v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16], LightcurveClass.of(row.kind()));
        Object exposure = extra.get("exposure_seconds");
        Object detections = extra.get("detections");
        return new SummaryRow(DashboardPages.idFor(Path.of(row.lightcurve())), row.target(), row.lightcurve(),
                row.instrument() == null ? "unknown" : row.instrument(), s, detections instanceof Number n ? n.intValue() : 0,
                exposure instanceof Number e ? e.doubleValue() : Double.NaN);
    }

    static ScanHistograms histograms(AnalysisLedger.StatsRow row) {
        Map<String, Object> extra = extra(row);
        return new ScanHistograms(bins(extra.get("brightness")), bins(extra.get("cadence")));
    }

    private static Map<Double, Long> bins(Object value) {
        Map<Double, Long> out = new java.util.TreeMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(Double.parseDouble(String.valueOf(k)), ((Number) v).longValue()));
        }
        return out;
    }

    private static Map<String, Object> extra(AnalysisLedger.StatsRow row) {
        if (row.histogramsJson() == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(row.histogramsJson(), new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
