package io.skyroute.cli;

import io.skyroute.analysis.AnalysisRoutes;
import io.skyroute.analysis.AnalysisService;
import io.skyroute.analysis.AnalysisSetup;
import io.skyroute.analysis.FileAnalysis;
import io.skyroute.analysis.LightcurveSubject;
import io.skyroute.analysis.pages.StatsTable;
import io.skyroute.analysis.pages.SummaryRow;
import io.skyroute.analysis.science.Analyser;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.Redaction;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.AnalysisLedger;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code skyroute stats}: the statistics table. With paths, of those lightcurve files (nothing recorded in
 * the ledger), written with the pages into {@code --out} (default ./analysis). Without, of every lightcurve
 * of every dataset in the ledger, through the daemon's own route (analysis-run): new or changed ones are
 * analysed (all with --rebuild), recorded, and the dashboard folder rewritten; {@code --out} also gets stats.csv.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Statistics, periodograms, classes and detections of lightcurves: stats.csv and the HTML dashboard.")
public class StatsCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Option(names = "--rebuild", description = "Analyse every ledger lightcurve again, changed or not.")
    boolean rebuild;

    @Option(names = "--out", paramLabel = "DIR", description = "Where stats.csv (and, for files, the pages) go.")
    Path out;

    @Parameters(paramLabel = "LIGHTCURVE_FILE_OR_DIR", arity = "0..*",
            description = "CSV (time,filter,magnitude,error), ECSV or FITS lightcurves, or folders holding them; none = the ledger's.")
    List<Path> paths = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!paths.isEmpty()) {
            SkyrouteConfig config = configOption.load(ConfigLoader.fromSystemEnvironment());
            Path folder = out != null ? out : Path.of("analysis");
            FileAnalysis.Report report = FileAnalysis.analyse(new Analyser(AnalysisSetup.settings(config.analysis())), paths);
            FileAnalysis.write(report, folder, true);
            print(stdout, report.rows());
            report.problems().forEach(p -> err.println("cannot analyse " + p));
            stdout.println("Wrote " + folder.resolve("stats.csv") + " and the pages (" + folder.resolve("index.html") + ")");
            stdout.flush();
            return report.problems().isEmpty() ? 0 : 1;
        }
        int failed = 0;
        try (OneShotSession session = OneShotSession.open(configOption)) {
            var ledger = session.ledgerDatabase();
            AnalysisService service = new AnalysisService(new Analyser(AnalysisSetup.settings(session.config().analysis())),
                    new AnalysisLedger(ledger), session.config().analysis().dashboardDir().toAbsolutePath().normalize());
            int analysed = 0;
            List<LightcurveSubject> subjects = service.ledgerLightcurves();
            for (LightcurveSubject subject : subjects) {
                Exchange result = session.template().request(AnalysisRoutes.RUN, e -> {
                    e.getIn().setBody(subject);
                    e.getIn().setHeader(AnalysisRoutes.FORCE, rebuild);
                });
                Throwable failure = result.getException() != null ? result.getException()
                        : result.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                if (failure != null) {
                    err.println(subject.file() + ": FAILED: " + Redaction.redact(String.valueOf(failure.getMessage())));
                    failed++;
                } else if (result.getMessage().getBody() instanceof AnalysisService.Outcome outcome && outcome.analysed()) {
                    analysed++;
                }
            }
            List<SummaryRow> rows = service.writeSummaries();
            print(stdout, rows);
            stdout.printf("%d lightcurve file(s) in the ledger, %d analysed (%s), dashboard: %s%n", subjects.size(), analysed,
                    rebuild ? "all, --rebuild" : "new or changed", service.dashboard().resolve("index.html"));
            if (out != null) {
                Files.createDirectories(out);
                try (Writer w = Files.newBufferedWriter(out.resolve("stats.csv"))) {
                    StatsTable.write(rows, w);
                }
                stdout.println("Wrote " + out.resolve("stats.csv"));
            }
        }
        stdout.flush();
        return failed == 0 ? 0 : 1;
    }

    static void print(PrintWriter out, List<SummaryRow> rows) {
        out.printf("%-40s %-8s %6s %10s %10s %12s %10s  %s%n", "lightcurve", "filter", "n", "robust_rms", "chi2_red", "best_period", "fap", "class");
        for (SummaryRow row : rows) {
            var s = row.statistics();
            out.printf(Locale.ROOT, "%-40s %-8s %6d %10.4g %10.4g %12.6g %10.3g  %s%n", shorten(row.name()), s.filter(), s.points(), s.robustRms(),
                    s.chi2Reduced(), s.bestPeriod(), s.falseAlarm(), s.kind().label());
        }
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : "..." + text.substring(text.length() - 37);
    }
}
