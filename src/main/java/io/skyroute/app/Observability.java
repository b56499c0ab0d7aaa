package io.skyroute.app;

import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.LedgerQueries;
import io.skyroute.ops.AttentionHealthCheck;
import io.skyroute.ops.DatabaseHealthCheck;
import io.skyroute.ops.DiskSpaceHealthCheck;
import io.skyroute.ops.SchedulerHealthCheck;
import io.skyroute.ops.LedgerGauges;
import io.skyroute.ops.ReachabilityHealthCheck;
import io.skyroute.ops.SkyrouteMetrics;
import io.skyroute.tom.TomConnections;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What watches the daemon from inside: skyroute's meters and the ledger's gauges in Camel's Micrometer
 * registry, and the health checks beside Camel's own (routes, consumers): database, disk space, datasets
 * needing attention, the TOM. Sources add their own (each LCO archive).
 */
final class Observability implements CamelConfiguration {

    private final SkyrouteConfig config;
    private final LedgerDatabase ledger;
    private final TomConnections tom;
    private final Map<String, Supplier<Number>> memoryQueues;
    private final java.util.concurrent.atomic.AtomicBoolean meters = new java.util.concurrent.atomic.AtomicBoolean();

    Observability(SkyrouteConfig config, LedgerDatabase ledger, TomConnections tom, Map<String, Supplier<Number>> memoryQueues) {
        this.config = config;
        this.ledger = ledger;
        this.tom = tom;
        this.memoryQueues = Map.copyOf(memoryQueues);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        SkyrouteMetrics metrics = new SkyrouteMetrics(context);
        context.getRegistry().bind(SkyrouteMetrics.BEAN, metrics);
        // the health registry and the meter registry exist once the context starts, not while it is configured
        context.addStartupListener((camel, alreadyStarted) -> {
            HealthCheckRegistry health = HealthCheckRegistry.get(camel);
            if (health != null) {
                LedgerQueries queries = new LedgerQueries(ledger);
                health.register(new AttentionHealthCheck(queries));
                health.register(new DatabaseHealthCheck(ledger));
                health.register(new DiskSpaceHealthCheck(dataFolders(), config.management().diskFreeMinMb()));
                health.register(new SchedulerHealthCheck(() -> {
                    var quartz = camel.getComponent("quartz", false, false);
                    return quartz instanceof org.apache.camel.component.quartz.QuartzComponent q ? q.getScheduler() : null;
                }));
                if (config.tom() != null) {
                    health.register(new ReachabilityHealthCheck("tom", "the TOM", () -> tom.defaultClient().probe(),
                            Duration.ofSeconds(config.management().reachabilityCheckSeconds())));
                }
            }
            if (camel.getRegistry().findSingleByType(MeterRegistry.class) != null && meters.compareAndSet(false, true)) {
                new LedgerGauges(new LedgerQueries(ledger)).bindTo(metrics.registry(), memoryQueues);
                bindJvmMeters(camel, metrics.registry());
            }
        });
    }

    /** The JVM's own meters (memory, GC, threads, classes, CPU, uptime, file descriptors), as every JVM service exposes them. */
    private static void bindJvmMeters(CamelContext camel, MeterRegistry registry) throws Exception {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        camel.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                gc.close(); // it listens to the JVM's GC notifications
            }
        }, true, true);
    }

    private Map<String, Path> dataFolders() {
        Map<String, Path> folders = new LinkedHashMap<>();
        folders.put("data", config.dataDir());
        folders.put("drop", config.drop().folder());
        folders.put("reduction", config.sorting().reductionDir());
        return folders;
    }
}
