package io.skyroute.analysis;

import io.skyroute.analysis.events.ScanHistograms;
import io.skyroute.analysis.lightcurve.LightcurveFiles;
import io.skyroute.analysis.pages.DashboardEntry;
import io.skyroute.analysis.pages.SummaryRow;
import io.skyroute.analysis.science.Analyser;
import io.skyroute.ledger.AnalysisLedger;
import io.skyroute.pipeline.Checksums;
import io.skyroute.pipeline.Dataset;
import io.skyroute.pipeline.PermanentFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Analysis of the lightcurves the ledger knows: analyses one (unless its content is unchanged since the
 * last time), records its statistics and detections in the ledger, writes its dashboard page, and
 * rewrites the summary pages from the ledger's statistics table (so their cost does not include analysing
 * every other lightcurve again). A file that cannot be read is a {@link PermanentFailure} naming it.
 */
public final class AnalysisService {

    /** What became of one lightcurve: analysed (with its rows) or unchanged since its last analysis. */
    public record Outcome(Path file, boolean analysed, List<SummaryRow> rows) {
    }

    private final Analyser analyser;
    private final AnalysisLedger ledger;
    private final Path dashboard;
    private final Object summaries = new Object();

    public AnalysisService(Analyser analyser, AnalysisLedger ledger, Path dashboard) {
        this.analyser = analyser;
        this.ledger = ledger;
        this.dashboard = dashboard;
    }

    public Path dashboard() {
        return dashboard;
    }

    public Outcome analyse(LightcurveSubject subject, boolean force) throws IOException {
        Path file = subject.file();
        String hash = Checksums.sha256(file);
        if (!force && ledger.analysedHash(file.toString()).filter(hash::equals).isPresent()) {
            return new Outcome(file, false, List.of());
        }
        DashboardEntry entry;
        try {
            entry = EntryReader.analyse(analyser, subject);
        } catch (LightcurveFiles.BadLightcurve bad) {
            throw new PermanentFailure("cannot analyse " + bad.getMessage(), bad);
        }
        ledger.replace(List.of(file.toString()), AnalysisRecords.statistics(entry, hash, Instant.now()), AnalysisRecords.detections(entry));
        EntryReader.pages(dashboard).writeLightcurve(entry);
        return new Outcome(file, true, entry.rows());
    }

    /** Rewrites index, class tables, exposure, filter and configuration pages, stats.csv and histograms.json. */
    public List<SummaryRow> writeSummaries() throws IOException {
        synchronized (summaries) {
            List<SummaryRow> rows = new ArrayList<>();
            ScanHistograms total = ScanHistograms.empty();
            for (AnalysisLedger.StatsRow row : ledger.statistics()) {
                rows.add(AnalysisRecords.summary(row));
                total = total.plus(AnalysisRecords.histograms(row));
            }
            EntryReader.pages(dashboard).writeSummaries(rows, total);
            return rows;
        }
    }

    /** Every lightcurve of every dataset the ledger knows. */
    public List<LightcurveSubject> ledgerLightcurves() {
        List<LightcurveSubject> subjects = new ArrayList<>();
        for (String path : ledger.datasetPaths()) {
            Dataset dataset = Dataset.of(Path.of(path));
            if (Files.isDirectory(dataset.folder())) {
                dataset.lightcurves().forEach(csv -> subjects.add(LightcurveSubject.inDataset(dataset, csv)));
            }
        }
        return subjects;
    }
}
