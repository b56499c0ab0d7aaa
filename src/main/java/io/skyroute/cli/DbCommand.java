package io.skyroute.cli;

import io.skyroute.config.ConfigLoader;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.LedgerDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code skyroute db ...}: ledger database maintenance. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Ledger database maintenance.",
        subcommands = {DbCommand.Migrate.class})
public class DbCommand {

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Applies the Flyway migrations to the ledger database and validates the schema.")
    static class Migrate implements Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SkyrouteConfig config = configOption.load(ConfigLoader.fromSystemEnvironment());
            try (LedgerDatabase ledger = LedgerDatabase.connect(config.database(), Secrets.fromSystemEnvironment())) {
                int applied = ledger.migrate();
                ledger.entityManagerFactory(); // validates the entities against the schema
                spec.commandLine().getOut().printf("Ledger %s: %d migration(s) applied, schema at version %s%n",
                        LedgerDatabase.redact(config.database().url()), applied, ledger.schemaVersion());
            }
            return 0;
        }
    }
}
