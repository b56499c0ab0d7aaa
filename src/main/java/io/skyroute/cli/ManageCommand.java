package io.skyroute.cli;

import io.skyroute.config.Redaction;

import io.skyroute.config.ConfigKind;
import io.skyroute.config.ReductionManagerConfig;
import io.skyroute.reduction.AperturePipeline;
import io.skyroute.reduction.ReductionManagerRoutes;
import io.skyroute.reduction.ReductionManagerRoutes.ManagedDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code skyroute manage <reduction_manager.yaml>}: one reduction-manager pass (the seed's reduction_manager.py). */
@Command(name = "manage", mixinStandardHelpOptions = true,
        description = {"Selects datasets as a reduction_manager.yaml says (instrument_list, dataset_selection all | date | recent | file)"
                + " and reduces them, at most max_parallel at once (default 2); locked datasets are skipped, a failing one does not"
                + " stop the others. The log goes to <log_dir>/arcon_pipeline.log, as the seed's did, and skyroute.log.",
                "Exit code 1 when a dataset failed."})
public class ManageCommand implements Callable<Integer> {

    /** The seed's manager log, kept beside skyroute.log. */
    static final String SEED_LOG = "arcon_pipeline.log";

    @Parameters(paramLabel = "REDUCTION_MANAGER_YAML", description = "The reduction manager configuration.")
    Path managerFile;

    @Mixin
    ConfigOption configOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        int locked = 0;
        int reduced = 0;
        OneShotSession.Adjust withManager = (loader, setup) -> setup.withReductionManager(
                loader.load(managerFile, ConfigKind.REDUCTION_MANAGER, ReductionManagerConfig.class));
        try (OneShotSession session = OneShotSession.open(configOption, withManager,
                setup -> setup.reductionManager().logDir() != null ? setup.reductionManager().logDir() : setup.daemon().logDir(),
                SEED_LOG)) {
            @SuppressWarnings("unchecked")
            List<ManagedDataset> outcomes = session.template().requestBody(ReductionManagerRoutes.MANAGE, null, List.class);
            for (ManagedDataset m : outcomes == null ? List.<ManagedDataset>of() : outcomes) {
                if (m.failure() != null) {
                    out.println("FAILED  " + m.dataset() + ": " + Redaction.redact(String.valueOf(m.failure())));
                    failed++;
                } else if (m.outcome().locked()) {
                    out.println("locked  " + m.dataset() + " (by " + m.outcome().lockedBy() + "), skipped");
                    locked++;
                } else {
                    AperturePipeline.Result r = m.outcome().result();
                    out.printf("reduced %s: %d measured, %d reused, %d excluded, %d point(s), scatter %.4f%n", m.dataset(), r.measured(),
                            r.reused(), r.excluded().size(), r.lightcurve().size(), r.scatter());
                    if (r.attention() != null) {
                        out.println("  NEEDS ATTENTION, not published: " + r.attention());
                        failed++;
                    }
                    reduced++;
                }
            }
        }
        out.printf("%d dataset(s) reduced, %d locked, %d failed%n", reduced, locked, failed);
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
