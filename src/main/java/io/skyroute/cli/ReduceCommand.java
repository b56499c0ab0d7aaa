package io.skyroute.cli;

import io.skyroute.pipeline.Handoffs;
import io.skyroute.pipeline.SubscriberOutcomes;
import io.skyroute.tom.TomDelivery;

import io.skyroute.config.Redaction;

import io.skyroute.reduction.AperturePipeline;
import io.skyroute.reduction.DatasetReducer;
import io.skyroute.reduction.ReductionRoutes;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code skyroute reduce <red_dir>...}: the aperture pipeline on dataset folders, through the daemon's route and ledger. */
@Command(name = "reduce", mixinStandardHelpOptions = true,
        description = {"Reduces dataset folders (each with a reduction_config.yaml): star catalogue, WCS check, forced photometry of"
                + " new frames, ensemble normalisation, the target's lightcurve and its products, under the dataset's lock.",
                "Exit code 1 when a dataset failed or was locked by someone else."})
public class ReduceCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RED_DIR", arity = "1..*", description = "Dataset folders (<reduction dir>/<TARGET>/<instrument>/<filter>).")
    List<Path> datasets;

    @Option(names = "--update-phot", description = "Measure every frame again, not only frames without a photometry table.")
    boolean updatePhotometry;

    @Mixin
    ConfigOption configOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        try (OneShotSession session = OneShotSession.open(configOption)) {
            for (Path dataset : datasets) {
                Exchange result = session.template().request(ReductionRoutes.REDUCE, e -> {
                    e.getIn().setBody(dataset.toAbsolutePath().toString());
                    e.getIn().setHeader(ReductionRoutes.UPDATE_PHOTOMETRY, updatePhotometry);
                });
                Throwable failure = result.getException() != null ? result.getException()
                        : result.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                Object body = result.getMessage().getBody();
                if (failure != null || !(body instanceof DatasetReducer.Outcome outcome)) {
                    err.println(dataset + ": FAILED: " + (failure == null ? "no result" : Redaction.redact(failure.getMessage())));
                    failed++;
                } else if (outcome.locked()) {
                    err.println(dataset + ": locked by " + outcome.lockedBy() + "; not reduced");
                    failed++;
                } else {
                    print(out, outcome.result());
                    if (outcome.result().attention() != null) {
                        err.println(dataset + ": NEEDS ATTENTION, not published: " + outcome.result().attention());
                        failed++;
                    }
                    SubscriberOutcomes outcomes = result.getProperty(Handoffs.SUBSCRIBER_OUTCOMES, SubscriberOutcomes.class);
                    if (outcomes != null) {
                        for (SubscriberOutcomes.Outcome said : outcomes.all().values()) {
                            if (said.failed()) {
                                out.println("  " + Redaction.redact(said.failure()));
                                failed++;
                            } else if (said.value() instanceof io.skyroute.analysis.AnalysisService.Outcome analysed) {
                                analysed.rows().forEach(row -> out.printf("  analysis: %s %s: %s, %d points, best period %.5g d (FAP %.2g)%n",
                                        row.name(), row.statistics().filter(), row.statistics().kind().label(), row.statistics().points(),
                                        row.statistics().bestPeriod(), row.statistics().falseAlarm()));
                            } else if (said.value() instanceof TomDelivery.Outcome delivered) {
                                out.printf("  TOM: %s (product %d)%n", delivered.action(), delivered.productPk());
                            }
                        }
                    }
                }
            }
        }
        out.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private static void print(PrintWriter out, AperturePipeline.Result r) {
        out.printf("%s: %d frame(s): %d measured, %d reused, %d excluded; %s in %s: %d point(s), normalised scatter %.4f%n",
                r.dataset(), r.frames(), r.measured(), r.reused(), r.excluded().size(), r.target(), r.filter(), r.lightcurve().size(),
                r.scatter());
        r.excluded().forEach((frame, reason) -> out.println("  excluded " + frame + ": " + reason));
        r.products().forEach(p -> out.println("  " + p));
    }
}
