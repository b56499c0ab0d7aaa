package io.skyroute.cli;

import io.skyroute.survey.SurveyReport;
import io.skyroute.survey.SurveyRoutes;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code skyroute survey run}: AstroRetriever's run of the configured project (docs/surveys.md). */
@Command(name = "survey", mixinStandardHelpOptions = true, description = "Catalogue-driven survey photometry (the 'project' section).",
        subcommands = SurveyCommand.Run.class)
public class SurveyCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Walks the project's catalogue: asks each survey once per source (raw data kept and shared by every project),"
                    + " reduces lightcurves per filter and season into the project's (versioned) folder and analyses them;"
                    + " what is done is skipped, so a killed run resumes.", "Exit code 1 when any source failed."})
    static class Run implements Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @Option(names = "--start", paramLabel = "N", defaultValue = "0", description = "First catalogue row (0-based, default 0).")
        int start;

        @Option(names = "--stop", paramLabel = "M", description = "Stop before this row (default: the end).")
        Integer stop;

        @Option(names = "--threads", paramLabel = "N", description = "Sources at once (default: project.threads).")
        Integer threads;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            ProgressBar progress = ProgressBar.onTerminal();
            SurveyReport report = new SurveyReport(r -> progress.show(r.done(), r.sources(), "sources"));
            OneShotSession.Adjust adjust = (loader, setup) -> threads == null ? setup : setup.withProjectThreads(threads);
            try (OneShotSession session = OneShotSession.open(configOption, adjust, s -> s.daemon().logDir(), null)) {
                if (session.config().project() == null) {
                    spec.commandLine().getErr().println("no 'project' section in the configuration: nothing to run (see docs/surveys.md)");
                    return 2;
                }
                Exchange result = session.template().request(SurveyRoutes.RUN, e -> {
                    e.setProperty(SurveyReport.PROPERTY, report);
                    e.getIn().setHeader(SurveyRoutes.START, start);
                    if (stop != null) {
                        e.getIn().setHeader(SurveyRoutes.STOP, stop);
                    }
                });
                progress.finish();
                if (result.getException() != null) {
                    spec.commandLine().getErr().println("survey run failed: " + result.getException().getMessage());
                    return 1;
                }
            }
            out.println("Survey run: " + report + "; products in " + report.folder());
            out.flush();
            return report.failed() == 0 ? 0 : 1;
        }
    }
}
