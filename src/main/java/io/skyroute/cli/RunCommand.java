package io.skyroute.cli;

import io.skyroute.app.SkyrouteCamel;
import io.skyroute.app.SkyrouteSetup;
import io.skyroute.config.ConfigException;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ConfigProblem;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ops.Logging;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import io.skyroute.ops.ManagementAccess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code skyroute run}: the long-running daemon. Stops cleanly on SIGTERM (Ctrl-C). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the daemon until it is stopped (SIGTERM or Ctrl-C stop it cleanly).",
                "Routes come from the built-in Java routes plus every routes/*.yaml; an application.properties"
                        + " beside the configuration file may set any camel.* property."})
public class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Option(names = "--hawtio", description = "Also serve the Hawtio console (management.hawtio: default http://127.0.0.1:8090/hawtio).")
    boolean hawtio;

    @Override
    public Integer call() throws Exception {
        ConfigLoader loader = ConfigLoader.fromSystemEnvironment();
        SkyrouteConfig config = configOption.load(loader);
        if (hawtio) {
            config = config.withManagement(config.management().withHawtio(config.management().hawtio().enabledNow()));
        }
        // who may use the management server: refused here (file, key, reason) when it would be open off loopback
        ManagementAccess access = ManagementAccess.load(config.management(), new ConfigLoader(java.util.Map.of()),
                Secrets.fromSystemEnvironment(), configOption.file());
        SkyrouteSetup setup = SkyrouteSetup.load(config, loader, Secrets.fromSystemEnvironment());
        DaemonFilesCheck.require(loader, config, configOption.file()); // before anything starts: file, key, reason, exit code 2
        refuseTakenPorts(config, configOption.file());
        refuseTooSmallHeap(config, configOption.file());
        Files.createDirectories(config.dataDir());
        if (!config.cluster().enabled()) {
            var holder = DataFolderLock.acquire(config.dataDir());
            if (holder.isPresent()) {
                throw new ConfigException(List.of(new ConfigProblem(configOption.file() == null ? Path.of("(defaults)") : configOption.file(),
                        "data_dir", "another daemon runs on " + config.dataDir().toAbsolutePath() + " (" + holder.get()
                        + "); stop it first, or give this one another data_dir")));
            }
        }
        Logging.logToFilesIn(config.logDir());
        Files.createDirectories(config.drop().folder());
        // the logger is taken here, not in a static field: picocli builds every command at start-up and
        // logging set-up would otherwise slow down the short commands (photometry, config check, --version)
        Logger log = LoggerFactory.getLogger(RunCommand.class);
        log.info("skyroute starting: data in {}, drop folder {}", config.dataDir().toAbsolutePath(), config.drop().folder().toAbsolutePath());
        ConfigNotices.log(loader);
        removeLeftovers(setup, log);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread awaitStop = awaitStopOnExit(stopped, config.management().shutdownTimeoutSeconds() + 15);
        StopSignals signals = null;
        try (LedgerDatabase ledger = LedgerDatabase.connect(config.database(), Secrets.fromSystemEnvironment()).open()) {
            Main main = new Main();
            SkyrouteCamel.setUp(main, setup, ledger, SkyrouteCamel.Mode.DAEMON, access);
            signals = StopSignals.install(main::completed);
            main.run();
        } finally {
            log.info("skyroute stopped");
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(awaitStop);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting (System.exit elsewhere): the hook is running and now returns
            }
        }
        // as a process stopped by the signal would: 128 + its number (143 for SIGTERM, 130 for Ctrl-C)
        return signals == null ? 0 : signals.exitCode();
    }

    /**
     * Should the JVM be made to exit some other way (System.exit, a signal we do not take), Camel's own hook
     * stops the context, but the JVM halts as soon as all hooks return — possibly before this thread has
     * closed the ledger. This hook holds the JVM until it has.
     */
    private static Thread awaitStopOnExit(CountDownLatch stopped, int seconds) {
        Thread hook = new Thread(() -> {
            try {
                stopped.await(seconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "skyroute-await-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Refuses (exit 2) a management or Hawtio port another process holds, rather than running without the server. */
    private static void refuseTakenPorts(SkyrouteConfig config, Path file) {
        List<ConfigProblem> taken = new java.util.ArrayList<>();
        var management = config.management();
        if (management.httpPort() > 0 && !free(management.httpHost(), management.httpPort())) {
            taken.add(new ConfigProblem(file == null ? Path.of("(defaults)") : file, "management.http_port", "port " + management.httpPort() + " on "
                    + management.httpHost() + " is taken by another process (another daemon?): free it or choose another"
                    + " (SKYROUTE_MANAGEMENT_HTTP_PORT)"));
        }
        if (management.hawtio().enabled() && !free(management.hawtio().host(), management.hawtio().port())) {
            taken.add(new ConfigProblem(file == null ? Path.of("(defaults)") : file, "management.hawtio.port", "port " + management.hawtio().port()
                    + " on " + management.hawtio().host() + " is taken by another process: free it or choose another"));
        }
        if (!taken.isEmpty()) {
            throw new ConfigException(taken);
        }
    }

    /** Refuses (exit 2) a heap too small for the largest frames the configuration admits, with the figure it needs. */
    private static void refuseTooSmallHeap(SkyrouteConfig config, Path file) {
        long needed = io.skyroute.config.MemoryBudget.requiredHeapMb(config);
        long heap = Runtime.getRuntime().maxMemory() >> 20;
        // G1 reports -Xmx itself; the serial and parallel collectors leave a survivor space (~3 %) out of the figure
        if (heap < needed * 95 / 100) {
            throw new ConfigException(List.of(new ConfigProblem(file == null ? Path.of("(defaults)") : file, "reduction.max_image_pixels",
                    "the daemon needs a heap of " + io.skyroute.config.MemoryBudget.explained(config) + ", this JVM has " + heap
                            + " MB: start it with bin/skyroute run (which sizes it), or with -Xmx" + needed + "m, or lower"
                            + " reduction.max_image_pixels or reduction.frames_in_flight")));
        }
    }

    private static boolean free(String host, int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(host, port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Temporary files a killed run of this host left in the configured folders: removed before anything starts writing. */
    private static void removeLeftovers(SkyrouteSetup setup, Logger log) throws java.io.IOException {
        java.util.Set<java.nio.file.Path> folders = new java.util.LinkedHashSet<>();
        folders.add(setup.daemon().dataDir());
        folders.add(setup.sorting().reductionDir());
        if (setup.download() != null) {
            folders.add(setup.download().dataDownloadDir());
            folders.add(setup.download().dataReductionDir());
        }
        java.util.List<java.nio.file.Path> roots = folders.stream().filter(java.util.Objects::nonNull)
                .map(p -> p.toAbsolutePath().normalize()).distinct().toList();
        // a folder inside another (the reduction folder under data_dir) is walked with it, once
        java.util.List<java.nio.file.Path> outermost = roots.stream()
                .filter(p -> roots.stream().noneMatch(other -> !other.equals(p) && p.startsWith(other))).toList();
        java.util.List<java.nio.file.Path> removed = io.skyroute.pipeline.AtomicFiles.removeLeftovers(outermost);
        if (!removed.isEmpty()) {
            log.warn("removed {} temporary file(s) a stopped run left mid-write: {}", removed.size(),
                    removed.size() <= 10 ? removed : removed.subList(0, 10) + " ...");
        }
    }
}
