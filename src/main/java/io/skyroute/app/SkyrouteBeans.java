package io.skyroute.app;

import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.LedgerQueries;
import io.skyroute.ledger.FrameLedger;
import io.skyroute.ledger.DeadLetters;
import io.skyroute.ops.DeadLetterRecorder;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.util.Properties;

/**
 * Puts the configuration tree and the ledger into the Camel context: beans in the registry, and the
 * configuration's values as {@code skyroute.*} placeholders that Java and YAML routes share.
 * The ledger belongs to the caller, which closes it after the context has stopped.
 */
public final class SkyrouteBeans implements CamelConfiguration {

    private final SkyrouteConfig config;
    private final LedgerDatabase ledger;
    private final boolean triggers;

    /** @param triggers whether routes that start work on their own (schedules, folders) start: the daemon yes, one-shot commands no */
    public SkyrouteBeans(SkyrouteConfig config, LedgerDatabase ledger, boolean triggers) {
        this.config = config;
        this.ledger = ledger;
        this.triggers = triggers;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Properties placeholders = placeholders(config);
        placeholders.setProperty("skyroute.triggers.start", String.valueOf(triggers));
        // a node's role decides which of its own triggers start: ingest (sources, drop folder, debounce) or reduce (the queue's worker)
        placeholders.setProperty("skyroute.triggers.ingest", String.valueOf(triggers && config.cluster().role().ingests()));
        placeholders.setProperty("skyroute.triggers.reduce", String.valueOf(triggers && config.cluster().role().reduces()));
        context.getPropertiesComponent().setInitialProperties(placeholders);
        context.getRegistry().bind("skyrouteConfig", config);
        io.skyroute.ops.ProgressLog.every(java.time.Duration.ofSeconds(config.management().progressLogSeconds()));
        context.getRegistry().bind("ledgerDatabase", ledger);
        context.getRegistry().bind("ledgerQueries", new LedgerQueries(ledger));
        context.getRegistry().bind("frameLedger", new FrameLedger(ledger));
        context.getRegistry().bind("deadLetterRecorder", new DeadLetterRecorder(new DeadLetters(ledger), config.dataDir().resolve("quarantine")));
    }

    /**
     * The configuration as placeholders, e.g. {@code {{skyroute.drop.folder}}} in a YAML route: every value
     * a route uses comes from the validated tree, so no route carries a default of its own.
     */
    static Properties placeholders(SkyrouteConfig config) {
        Properties p = new Properties();
        p.setProperty("skyroute.version", SoftwareVersion.get());
        p.setProperty("skyroute.data-dir", config.dataDir().toAbsolutePath().normalize().toString());
        p.setProperty("skyroute.drop.folder", config.drop().folder().toAbsolutePath().normalize().toString());
        p.setProperty("skyroute.download-dir", config.dataDir().resolve("downloads").toAbsolutePath().normalize().toString());
        p.setProperty("skyroute.quarantine-dir", config.dataDir().resolve("quarantine").toAbsolutePath().normalize().toString());
        p.setProperty("skyroute.schedules.lco-poll", config.schedules().lcoPoll().expression());
        p.setProperty("skyroute.schedules.lco-reconcile", config.schedules().lcoReconcile().expression());
        p.setProperty("skyroute.schedules.reduce-manage", config.schedules().reduceManage().expression());
        p.setProperty("skyroute.schedules.dropbox-poll", config.schedules().dropboxPoll().expression());
        p.setProperty("skyroute.schedules.mast-poll", config.schedules().mastPoll().expression());
        p.setProperty("skyroute.schedules.ops-summary", config.schedules().opsSummary().expression());
        p.setProperty("skyroute.schedules.survey-run", config.schedules().surveyRun().expression());
        p.setProperty("skyroute.drop.min-age-ms", String.valueOf(config.drop().minAgeMs()));
        p.setProperty("skyroute.drop.poll-ms", String.valueOf(config.drop().pollMs()));
        p.setProperty("skyroute.drop.recover-period-ms", String.valueOf(config.drop().recoverPeriodMs()));
        p.setProperty("skyroute.sort.pending-period-ms", String.valueOf(config.sorting().pendingPeriodMs()));
        p.setProperty("skyroute.sort.pending-settle-ms", String.valueOf(config.sorting().pendingSettleMs() == null ? 300_000L
                : config.sorting().pendingSettleMs()));
        p.setProperty("skyroute.reduction.debounce-ms", String.valueOf(config.reduction().debounceMs()));
        p.setProperty("skyroute.reduction.due-check-ms", String.valueOf(config.reduction().dueCheckMs()));
        p.setProperty("skyroute.tom.retry-period-ms", String.valueOf(config.tomDelivery().retryPeriodMs()));
        p.setProperty("skyroute.timetag.scan-period-ms", String.valueOf(config.timetag().scanPeriodMs()));
        p.setProperty("skyroute.retry.max", String.valueOf(config.retry().maxRedeliveries()));
        p.setProperty("skyroute.retry.initial-delay-ms", String.valueOf(config.retry().initialDelayMs()));
        p.setProperty("skyroute.retry.max-delay-ms", String.valueOf(config.retry().maxDelayMs()));
        return p;
    }
}
