package io.skyroute.cli;

import io.skyroute.config.ConfigLoader;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.DaemonPresence;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.LedgerReset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code skyroute reset-db [TABLE|all|production]} (hstlc's {@code reset_hstlc_database}): says what it will
 * empty, asks (unless {@code --yes}), refuses while a daemon holds the ledger; bad_data and the dead letters'
 * reasons are exported to a file in the data folder and put back.
 */
@Command(name = "reset-db", mixinStandardHelpOptions = true,
        description = {"Empties ledger tables: production (default: time-tag metadata, statistics, detections), all, or one table"
                + " (with the tables that refer to it). bad_data and dead letters are kept (exported, emptied, put back).",
                "Refuses while a daemon holds the ledger. Exit 1 when refused or not confirmed."})
public class ResetDbCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Parameters(paramLabel = "TABLE|all|production", arity = "0..1", defaultValue = "production")
    String what;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SkyrouteConfig config = configOption.load(ConfigLoader.fromSystemEnvironment());
        try {
            LedgerReset.tables(what);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        try (LedgerDatabase ledger = LedgerDatabase.connect(config.database(), Secrets.fromSystemEnvironment()).open()) {
            if (DaemonPresence.heldByAnother(ledger, config.dataDir().toAbsolutePath().normalize())) {
                err.println("a skyroute daemon holds this ledger (" + LedgerDatabase.redact(config.database().url()) + "): stop it first");
                return 1;
            }
            LedgerReset reset = new LedgerReset(ledger);
            LedgerReset.Plan plan = reset.plan(what, config.dataDir().toAbsolutePath().normalize());
            out.println("reset-db " + what + " on " + LedgerDatabase.redact(config.database().url()) + " will empty:");
            plan.rows().forEach((t, n) -> out.printf("  %-24s %d row(s)%s%n", t, n, LedgerReset.KEPT.contains(t) ? "  (kept: exported and put back)" : ""));
            out.println("  rows that cannot be derived again are saved first to " + plan.export());
            if (!Confirmation.confirmed(out, yes)) {
                err.println("not confirmed: nothing was changed");
                return 1;
            }
            Map<String, Long> deleted = reset.execute(plan);
            out.println("done: " + deleted);
        }
        out.flush();
        return 0;
    }
}
