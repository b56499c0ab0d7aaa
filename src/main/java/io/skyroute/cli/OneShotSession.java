package io.skyroute.cli;

import io.skyroute.app.OneShotContext;
import io.skyroute.app.SkyrouteSetup;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ops.Logging;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * What the one-shot commands share: the daemon's configuration and set-up, its log file, the ledger and
 * the same Camel context the daemon runs (never a second code path), closed in reverse order.
 */
final class OneShotSession implements AutoCloseable {

    /** A change to the set-up before the context starts (another reduction manager configuration, say). */
    @FunctionalInterface
    interface Adjust {
        SkyrouteSetup apply(ConfigLoader loader, SkyrouteSetup setup);
    }

    private final SkyrouteConfig config;
    private final AutoCloseable commandLog;
    private final LedgerDatabase ledger;
    private final OneShotContext camel;

    private OneShotSession(SkyrouteConfig config, AutoCloseable commandLog, LedgerDatabase ledger, OneShotContext camel) {
        this.config = config;
        this.commandLog = commandLog;
        this.ledger = ledger;
        this.camel = camel;
    }

    static OneShotSession open(ConfigOption option) throws Exception {
        return open(option, (loader, setup) -> setup, setup -> setup.daemon().logDir(), null);
    }

    /**
     * @param commandLogName a log file of this command's own beside skyroute.log (the seed's name for it), or null
     */
    static OneShotSession open(ConfigOption option, Adjust adjust, Function<SkyrouteSetup, Path> logDir, String commandLogName)
            throws Exception {
        ConfigLoader loader = ConfigLoader.fromSystemEnvironment();
        SkyrouteConfig config = option.load(loader);
        SkyrouteSetup setup = adjust.apply(loader, SkyrouteSetup.load(config, loader, Secrets.fromSystemEnvironment()));
        DaemonFilesCheck.require(loader, config, option.file());
        Path logs = logDir.apply(setup);
        Logging.logToFilesIn(logs);
        AutoCloseable commandLog = commandLogName == null ? () -> { } : Logging.logRunTo(logs.resolve(commandLogName));
        ConfigNotices.log(loader);
        LedgerDatabase ledger = null;
        try {
            ledger = LedgerDatabase.connect(config.database(), setup.secrets()).openForCommand();
            return new OneShotSession(config, commandLog, ledger, OneShotContext.start(setup, ledger));
        } catch (Exception | Error e) {
            if (ledger != null) {
                ledger.close();
            }
            commandLog.close();
            throw e;
        }
    }

    SkyrouteConfig config() {
        return config;
    }

    LedgerDatabase ledgerDatabase() {
        return ledger;
    }

    CamelContext context() {
        return camel.context();
    }

    ProducerTemplate template() {
        return camel.context().createProducerTemplate();
    }

    @Override
    public void close() throws Exception {
        try {
            camel.close();
        } finally {
            try {
                ledger.close();
            } finally {
                commandLog.close();
            }
        }
    }
}
