package io.skyroute.cli;

import io.skyroute.analysis.AnalysisService;
import io.skyroute.analysis.AnalysisSetup;
import io.skyroute.analysis.FileAnalysis;
import io.skyroute.analysis.LightcurveSubject;
import io.skyroute.analysis.science.Analyser;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.AnalysisLedger;
import io.skyroute.ledger.LedgerDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code skyroute plots}: the PNG plots (lightcurve, periodogram, phase-folded) and HTML pages of lightcurve
 * files (or, without paths, of every lightcurve in the ledger's datasets) into {@code --out} (default: the
 * configured dashboard folder for the ledger's, ./analysis for files). Records nothing in the ledger.
 */
@Command(name = "plots", mixinStandardHelpOptions = true,
        description = "Writes the PNG plots and HTML pages of lightcurves (files, folders, or the ledger's).")
public class PlotsCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the plots and pages go.")
    Path out;

    @Parameters(paramLabel = "LIGHTCURVE_FILE_OR_DIR", arity = "0..*", description = "Lightcurve files or folders; none = the ledger's.")
    List<Path> paths = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        SkyrouteConfig config = configOption.load(ConfigLoader.fromSystemEnvironment());
        Analyser analyser = new Analyser(AnalysisSetup.settings(config.analysis()));
        List<Path> files = paths;
        Path folder = out != null ? out : Path.of("analysis");
        if (paths.isEmpty()) {
            folder = out != null ? out : config.analysis().dashboardDir();
            try (LedgerDatabase ledger = LedgerDatabase.connect(config.database(), Secrets.fromSystemEnvironment())) {
                files = new AnalysisService(analyser, new AnalysisLedger(ledger), folder).ledgerLightcurves().stream()
                        .map(LightcurveSubject::file).toList();
            }
        }
        FileAnalysis.Report report = FileAnalysis.analyse(analyser, files);
        FileAnalysis.write(report, folder, true);
        Path pages = folder.resolve("lightcurves");
        report.entries().forEach(e -> stdout.println(pages.resolve(e.id() + ".html") + "  (" + e.source() + ")"));
        report.problems().forEach(p -> spec.commandLine().getErr().println("cannot plot " + p));
        stdout.println(report.entries().size() + " lightcurve file(s) plotted; index: " + folder.resolve("index.html"));
        stdout.flush();
        return report.problems().isEmpty() ? 0 : 1;
    }
}
