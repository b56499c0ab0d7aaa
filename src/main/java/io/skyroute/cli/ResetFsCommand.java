package io.skyroute.cli;

import io.skyroute.config.ConfigLoader;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.DaemonPresence;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.timetag.FilesystemReset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code skyroute reset-fs} (hstlc's {@code reset_hstlc_filesystem}): ingested time-tag files go back to the
 * ingest folder, duplicates are removed, empty folders and derived products are deleted; says what it will do,
 * asks (unless {@code --yes}), refuses while a daemon holds the ledger.
 */
@Command(name = "reset-fs", mixinStandardHelpOptions = true,
        description = {"Moves ingested time-tag files back to the ingest folder (removing one whose copy is already there),"
                + " removes empty folders and the derived products (outputs, composites).",
                "Refuses while a daemon holds the ledger. Exit 1 when refused or not confirmed."})
public class ResetFsCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SkyrouteConfig config = configOption.load(ConfigLoader.fromSystemEnvironment());
        try (LedgerDatabase ledger = LedgerDatabase.connect(config.database(), Secrets.fromSystemEnvironment())) {
            if (DaemonPresence.heldByAnother(ledger, config.dataDir().toAbsolutePath().normalize())) {
                err.println("a skyroute daemon holds this ledger: stop it first");
                return 1;
            }
        }
        FilesystemReset reset = new FilesystemReset(config.timetag());
        FilesystemReset.Plan plan = reset.plan();
        out.printf("reset-fs will move %d file(s) from %s back to %s, remove %d whose copy is already there, and delete %d derived"
                + " product(s) in %s and %s%n", plan.moveBack().size(), config.timetag().filesystemDir(), config.timetag().ingestDir(),
                plan.duplicates().size(), plan.derived().size(), config.timetag().outputsDir(), config.timetag().compositeDir());
        if (plan.isEmpty()) {
            out.println("nothing to do");
            return 0;
        }
        if (!Confirmation.confirmed(out, yes)) {
            err.println("not confirmed: nothing was changed");
            return 1;
        }
        int moved = reset.execute(plan);
        out.println("done: " + moved + " file(s) back in " + config.timetag().ingestDir() + "; run 'skyroute reset-db production' so the"
                + " ledger forgets them too");
        out.flush();
        return 0;
    }
}
