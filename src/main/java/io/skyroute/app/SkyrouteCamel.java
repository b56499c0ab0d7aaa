package io.skyroute.app;

import io.skyroute.analysis.AnalysisRoutes;
import io.skyroute.analysis.AnalysisService;
import io.skyroute.analysis.AnalysisSetup;
import io.skyroute.analysis.science.Analyser;
import io.skyroute.ledger.AnalysisLedger;
import io.skyroute.ledger.TimetagLedger;
import io.skyroute.timetag.TimetagIngest;
import io.skyroute.timetag.TimetagRoutes;

import io.skyroute.pipeline.TargetPositions;
import io.skyroute.sorting.TargetsFile;
import io.skyroute.tom.TomTargetPositions;

import io.skyroute.sources.SourceRoutes;

import io.skyroute.config.ConfigLoader;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.DatasetLeases;
import io.skyroute.ledger.DeadLetters;
import io.skyroute.ledger.LedgerQueries;
import io.skyroute.reduction.ChangedDatasets;
import io.skyroute.reduction.DatasetReducer;
import io.skyroute.reduction.DatasetSelector;
import io.skyroute.reduction.ReductionManagerRoutes;
import io.skyroute.reduction.ReductionRoutes;
import io.skyroute.ledger.UploadLedger;
import io.skyroute.tom.TomConnections;
import io.skyroute.tom.TomRoutes;
import io.skyroute.tom.UploadRequests;
import io.skyroute.ledger.FrameLedger;
import io.skyroute.ledger.SortingLedger;
import io.skyroute.sorting.Sorter;
import io.skyroute.sorting.SortingRoutes;
import io.skyroute.ledger.FrameListRepository;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ops.ErrorPolicies;
import io.skyroute.ops.ManagementAccess;
import io.skyroute.sources.LandedFrameRoutes;
import io.skyroute.sources.local.LocalDropRoutes;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainConfigurationProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Assembles the one Camel context every entry point uses — the daemon, the CLI commands and the route
 * tests: name, JMX, health, the error-policy route configurations, the Java routes of each configured
 * source, the user's YAML routes from {@code routes/}, the beans and placeholders from the configuration.
 */
public final class SkyrouteCamel {

    public static final String CONTEXT_NAME = "skyroute";

    /** The daemon starts every route; a one-shot command leaves the scheduled and folder triggers off. */
    public enum Mode { DAEMON, ONE_SHOT }

    private SkyrouteCamel() {
    }

    /**
     * Sets up a Camel Main for skyroute: Camel's own settings ({@code camel.*} keys in application.properties,
     * the daemon and every one-shot command reading the same file), then {@link #configure}.
     */
    public static void setUp(Main main, SkyrouteSetup setup, LedgerDatabase ledger, Mode mode) {
        setUp(main, setup, ledger, mode, null);
    }

    /**
     * As {@link #setUp(Main, SkyrouteSetup, LedgerDatabase, Mode)}, with the management server (metrics, Jolokia,
     * health over HTTP) open to {@code access}; without access there is no HTTP server (one-shot commands, tests).
     */
    public static void setUp(Main main, SkyrouteSetup setup, LedgerDatabase ledger, Mode mode, ManagementAccess access) {
        main.setPropertyPlaceholderLocations("file:" + setup.daemon().applicationProperties().toAbsolutePath() + ";optional=true");
        configure(main.configure(), setup, ledger, mode, access);
    }

    public static void configure(MainConfigurationProperties main, SkyrouteSetup setup, LedgerDatabase ledger, Mode mode) {
        configure(main, setup, ledger, mode, null);
    }

    public static void configure(MainConfigurationProperties main, SkyrouteSetup setup, LedgerDatabase ledger, Mode mode, ManagementAccess access) {
        SkyrouteConfig config = setup.daemon();
        main.setName(CONTEXT_NAME);
        main.setJmxEnabled(config.management().jmx());
        main.setShutdownTimeout(config.management().shutdownTimeoutSeconds());
        main.setShutdownRoutesInReverseOrder(true);
        main.setUseMdcLogging(true);
        Path routes = config.routesDir().toAbsolutePath().normalize();
        if (Files.isDirectory(routes)) {
            main.setRoutesIncludePattern("file:" + routes + "/*.yaml");
            main.setRoutesExcludePattern("file:" + routes + "/*.rules.yaml"); // sorting rules are data, not routes
        }
        main.health().setEnabled(true);
        main.health().setRoutesEnabled(true);
        main.health().setConsumersEnabled(true);
        if (mode == Mode.DAEMON && access != null) {
            main.addConfiguration(ManagementServer.configure(main, config.management(), access, config.dataDir()));
            if (config.management().httpPort() != 0 && config.analysis().enabled()) {
                main.addConfiguration(new DashboardServing(config.analysis().dashboardDir().toAbsolutePath().normalize()));
            }
        }
        // routes that start work on their own (schedules, folders) say autoStartup {{skyroute.triggers.start}}
        main.addConfiguration(new SkyrouteBeans(config, ledger, mode == Mode.DAEMON));
        if (mode == Mode.ONE_SHOT) {
            // a command's schedules never fire: no Quartz scheduler to start, nor to wait for at the end (~0.3 s)
            main.addConfiguration(new org.apache.camel.CamelConfiguration() {
                @Override
                public void configure(org.apache.camel.CamelContext camel) {
                    org.apache.camel.component.quartz.QuartzComponent quartz = camel.getComponent("quartz",
                            org.apache.camel.component.quartz.QuartzComponent.class);
                    quartz.setAutoStartScheduler(false);
                    quartz.setInterruptJobsOnShutdown(true);
                }
            });
        }
        main.addRoutesBuilder(new ErrorPolicies());
        main.addRoutesBuilder(new LandedFrameRoutes(setup.sorting().enabled()));
        // dataset and TOM configurations are the observers' files: no SKYROUTE_* environment overrides apply to them
        ConfigLoader observers = new ConfigLoader(Map.of());
        UploadLedger uploadLedger = new UploadLedger(ledger);
        TomConnections tom = new TomConnections(config.tom(), observers, setup.secrets(), uploadLedger,
                Duration.ofSeconds(config.tomDelivery().httpTimeoutSeconds()), config.http());
        if (setup.sorting().enabled()) {
            main.addRoutesBuilder(sortingRoutes(setup, ledger, targetPositions(config, tom)));
        }
        if (config.drop().enabled()) {
            main.addRoutesBuilder(new LocalDropRoutes(config.dataDir().resolve("downloads").toAbsolutePath().normalize(), new FrameLedger(ledger)));
        }
        FrameListRepository frameList = new FrameListRepository(ledger);
        List<String> sourceNames = new java.util.ArrayList<>();
        Map<String, String> sourceOfFeed = new java.util.HashMap<>();
        for (Sources.Registered source : Sources.configured(setup, ledger)) {
            main.addRoutesBuilder(new SourceRoutes(source.source(), frameList, new FrameLedger(ledger)));
            source.operations().forEach(main::addConfiguration);
            sourceNames.add(source.source().name());
            source.source().feeds().forEach(feed -> sourceOfFeed.put(feed, source.source().name()));
        }
        if (mode == Mode.DAEMON) {
            io.skyroute.ledger.DaemonPresence presence = new io.skyroute.ledger.DaemonPresence(ledger, config.dataDir().toAbsolutePath().normalize());
            main.addConfiguration(new org.apache.camel.CamelConfiguration() {
                @Override
                public void configure(org.apache.camel.CamelContext camel) throws Exception {
                    camel.addService(presence, true, true);   // released when the daemon stops
                }
            });
            SkyrouteControl.Folders folders = new SkyrouteControl.Folders(setup.sorting().reductionDir(),
                    config.dataDir().resolve("quarantine"), config.dataDir().resolve("downloads"));
            main.addConfiguration(SkyrouteControl.registeredWith(camel -> new SkyrouteControl(camel, sourceOfFeed, sourceNames, folders,
                    new FrameLedger(ledger), new DeadLetters(ledger), new DatasetLeases(ledger), new LedgerQueries(ledger))));
        }
        UploadRequests uploads = new UploadRequests(observers);
        // the subscribers of "lightcurve ready", each in turn: TOM delivery, then analysis
        List<ReductionRoutes.Subscriber> subscribers = new java.util.ArrayList<>(List.of(new ReductionRoutes.Subscriber(TomRoutes.SUBSCRIBER, TomRoutes.LIGHTCURVE)));
        if (config.analysis().enabled()) {
            AnalysisService analysis = new AnalysisService(new Analyser(AnalysisSetup.settings(config.analysis())), new AnalysisLedger(ledger),
                    config.analysis().dashboardDir().toAbsolutePath().normalize());
            main.addRoutesBuilder(new AnalysisRoutes(analysis));
            subscribers.add(new ReductionRoutes.Subscriber(AnalysisRoutes.SUBSCRIBER, AnalysisRoutes.LIGHTCURVE));
        }
        DatasetReducer reducer = new DatasetReducer(new DatasetLeases(ledger), observers, SoftwareVersion.get(),
                java.time.Duration.ofSeconds(config.reduction().leaseSeconds()), config.reduction().maxImagePixels(),
                config.reduction().framesInFlight(), config.reduction().storedTableCache(), config.reduction().watchStoredTables());
        main.addRoutesBuilder(new ReductionRoutes(reducer, subscribers));
        main.addRoutesBuilder(new TomRoutes(tom, uploadLedger, uploads, new DatasetLeases(ledger)::vouchedFor));
        if (config.project() != null) {
            main.addRoutesBuilder(Surveys.routes(setup, ledger));
        }
        if (config.timetag().enabled()) {
            main.addRoutesBuilder(new TimetagRoutes(new TimetagIngest(absolute(config.timetag()), new TimetagLedger(ledger), SoftwareVersion.get())));
        }
        ChangedDatasets changed = new ChangedDatasets();
        java.time.Clock clock = setup.clock();
        String dueEndpoint = "direct:reduce-each";
        Map<String, java.util.function.Supplier<Number>> memoryQueues = new java.util.HashMap<>();
        if (mode == Mode.DAEMON && config.cluster().enabled()) {
            // several nodes: due datasets go to the work queue, each node's worker (by role) takes them one at a time
            io.skyroute.reduction.ReductionQueueRoutes.Jobs jobs = new io.skyroute.reduction.ReductionQueueRoutes.Jobs();
            ClusterSetup cluster = new ClusterSetup(config, ledger, setup.secrets(), jobs);
            main.addConfiguration(cluster);
            memoryQueues.put("rabbitmq", cluster::queueDepth);
            memoryQueues.put("in-flight", jobs.inFlight::get);
            main.addRoutesBuilder(new io.skyroute.reduction.ReductionQueueRoutes(config.cluster().rabbitmq().queue(), jobs, 2000,
                    new DatasetLeases(ledger), dataset -> changed.changed(dataset, clock.instant())));
            dueEndpoint = io.skyroute.reduction.ReductionQueueRoutes.ENQUEUE;
        }
        DatasetLeases datasetLeases = new DatasetLeases(ledger);
        main.addRoutesBuilder(new ReductionManagerRoutes(setup.reductionManager(), new DatasetSelector(setup.clock()), changed, setup.clock(),
                dueEndpoint, datasetLeases::behindTheirFrames));
        memoryQueues.put("reduction", changed::waiting);
        main.addConfiguration(new Observability(config, ledger, tom, memoryQueues));
    }

    /** The time-tag folders made absolute (the daemon's working directory is not the routes' concern). */
    static io.skyroute.config.TimetagConfig absolute(io.skyroute.config.TimetagConfig t) {
        java.util.function.UnaryOperator<Path> abs = p -> p.toAbsolutePath().normalize();
        return new io.skyroute.config.TimetagConfig(t.enabled(), abs.apply(t.ingestDir()), abs.apply(t.filesystemDir()), abs.apply(t.outputsDir()),
                abs.apply(t.compositeDir()), abs.apply(t.badDataDir()), t.binSeconds(), t.minExptimeSeconds(), t.dqMask(), t.scanPeriodMs());
    }

    /** Where new datasets' targets are: the team's targets file, then its TOM (the frame header comes last, in sorting). */
    private static TargetPositions targetPositions(SkyrouteConfig config, TomConnections tom) {
        List<TargetPositions> sources = new java.util.ArrayList<>();
        if (config.targets() != null) {
            sources.add(TargetsFile.read(config.targets()));
        }
        if (config.tom() != null) {
            sources.add(new TomTargetPositions(tom::defaultClient));
        }
        return TargetPositions.firstOf(sources);
    }

    private static SortingRoutes sortingRoutes(SkyrouteSetup setup, LedgerDatabase ledger, TargetPositions positions) {
        Sorter sorter = new Sorter(setup.sorting().reductionDir(), setup.sorting().defaultRedConfig(), new SortingLedger(ledger),
                new DeadLetters(ledger), setup.daemon().dataDir(), positions);
        return new SortingRoutes(sorter, setup.sortingRules(), setup.sortingRulesOrigin());
    }
}
