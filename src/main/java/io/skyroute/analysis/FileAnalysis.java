package io.skyroute.analysis;

import io.skyroute.analysis.events.ScanHistograms;
import io.skyroute.analysis.lightcurve.LightcurveFiles;
import io.skyroute.analysis.pages.DashboardEntry;
import io.skyroute.analysis.pages.DashboardPages;
import io.skyroute.analysis.pages.SummaryRow;
import io.skyroute.analysis.science.Analyser;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Analysis of files a user points at (the {@code stats} and {@code plots} commands with paths): nothing is
 * recorded in the ledger; every readable file gets its page, the summaries cover them all, and a file that
 * cannot be read is reported with its reason while the others go on.
 */
public final class FileAnalysis {

    /** What a run made: the entries analysed and one line per file that could not be read. */
    public record Report(List<DashboardEntry> entries, List<String> problems) {

        public List<SummaryRow> rows() {
            return entries.stream().flatMap(e -> e.rows().stream()).toList();
        }
    }

    private FileAnalysis() {
    }

    public static Report analyse(Analyser analyser, List<Path> paths) throws IOException {
        List<DashboardEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : LightcurveFiles.find(paths)) {
            try {
                entries.add(EntryReader.analyse(analyser, LightcurveSubject.ofFile(file)));
            } catch (LightcurveFiles.BadLightcurve bad) {
                problems.add(bad.getMessage());
            } catch (java.nio.file.NoSuchFileException missing) {
                problems.add(file + ": no such file");
            }
        }
        return new Report(entries, problems);
    }

    /** Writes every page of the report into {@code out}: per lightcurve (with plots) when {@code pages}, and the summaries. */
    public static void write(Report report, Path out, boolean pages) throws IOException {
        DashboardPages writer = EntryReader.pages(out);
        ScanHistograms total = ScanHistograms.empty();
        for (DashboardEntry entry : report.entries()) {
            if (pages) {
                writer.writeLightcurve(entry);
            }
            for (var a : entry.filters()) {
                total = total.plus(a.histograms());
            }
        }
        writer.writeSummaries(report.rows(), total);
    }
}
