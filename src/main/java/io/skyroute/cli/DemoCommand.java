package io.skyroute.cli;

import io.skyroute.config.Redaction;

import io.skyroute.app.OneShotContext;
import io.skyroute.app.SkyrouteSetup;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.DatabaseConfig;
import io.skyroute.config.DropConfig;
import io.skyroute.config.ReductionManagerConfig;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.config.SortingConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ops.Logging;
import io.skyroute.reduction.AperturePipeline;
import io.skyroute.reduction.DatasetReducer;
import io.skyroute.reduction.DatasetSelector;
import io.skyroute.reduction.ReductionManagerRoutes;
import io.skyroute.reduction.ReductionManagerRoutes.ManagedDataset;
import io.skyroute.sorting.Sorter;
import io.skyroute.sorting.SortingRoutes;
import io.skyroute.pipeline.Handoffs;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code skyroute demo}: the whole chain on the sample frames shipped in {@code samples/frames}, on the
 * embedded database and nothing else: the frames arrive as from the local source, are sorted into
 * datasets, reduced, and the products are listed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole chain on the real sample frames (samples/frames: PDS 110, LCO 0.4 m, rp and gp) with the embedded"
                + " database: the frames land as from the drop folder, are sorted into datasets, reduced into lightcurves and plots,"
                + " and the products are listed. Run it from the project folder."})
public class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "var/demo", description = "Where the demo keeps its data, ledger and products (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--samples", defaultValue = "samples/frames", description = "The frames to feed in (default: ${DEFAULT-VALUE}).")
    Path samples;

    @Option(names = "--red-config", defaultValue = "samples/reduction_config.yaml",
            description = "The reduction_config.yaml put into each dataset after sorting, as an observer would (default: ${DEFAULT-VALUE}).")
    Path redConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> frames = SortCommand.fitsFiles(List.of(samples));
        if (frames.isEmpty()) {
            throw new IllegalArgumentException(samples + ": no sample frames (run the demo from the project folder)");
        }
        Path home = dir.toAbsolutePath().normalize();
        Path reduction = home.resolve("reduction");
        SkyrouteConfig config = new SkyrouteConfig(home, DatabaseConfig.embeddedIn(home), Path.of("routes"), new DropConfig(home.resolve("drop"), false),
                new SortingConfig(true, reduction, Path.of("config", "default_red_config.yaml"), null), null, null, null, null, null, null);
        SkyrouteSetup setup = SkyrouteSetup.load(config, new ConfigLoader(java.util.Map.of()), Secrets.fromSystemEnvironment())
                .withReductionManager(new ReductionManagerConfig(null, reduction, null, null, null, 2));
        Logging.logToFilesIn(home.resolve("logs"));
        Path incoming = Files.createDirectories(home.resolve("incoming"));
        out.println("skyroute demo: " + frames.size() + " sample frame(s) from " + samples + " -> " + home);
        int failed = 0;
        try (LedgerDatabase ledger = LedgerDatabase.connect(config.database(), setup.secrets()).openForCommand();
             OneShotContext camel = OneShotContext.start(setup, ledger)) {
            ProducerTemplate template = camel.context().createProducerTemplate();
            for (Path frame : frames) {
                Path landed = Files.copy(frame, incoming.resolve(frame.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                Exchange sorted = template.request(SortingRoutes.SORT, e -> {
                    e.getIn().setHeader(Handoffs.PATH, landed.toString());
                    e.getIn().setHeader(Handoffs.SOURCE, "demo");
                    e.getIn().setHeader(Handoffs.NATURAL_ID, frame.getFileName().toString());
                });
                out.printf("  sorted %s: %s%n", frame.getFileName(), sorted.getIn().getHeader(Sorter.DECISION, "FAILED", String.class));
            }
            // what the observer does next: the target's position and the comparison stars (the header only knows the pointing)
            for (Path dataset : DatasetSelector.datasets(reduction)) {
                Files.copy(redConfig, dataset.resolve(DatasetReducer.CONFIG_FILE), StandardCopyOption.REPLACE_EXISTING);
            }
            @SuppressWarnings("unchecked")
            List<ManagedDataset> outcomes = template.requestBody(ReductionManagerRoutes.MANAGE, null, List.class);
            for (ManagedDataset m : outcomes) {
                if (m.failure() != null || m.outcome().locked()) {
                    out.println("  " + m.dataset() + ": " + (m.failure() != null ? "FAILED: " + Redaction.redact(String.valueOf(m.failure())) : "locked"));
                    failed++;
                    continue;
                }
                AperturePipeline.Result r = m.outcome().result();
                out.printf("  reduced %s: %d frame(s), %s in %s: %d point(s), normalised scatter %.4f%n", home.relativize(r.dataset()),
                        r.frames(), r.target(), r.filter(), r.lightcurve().size(), r.scatter());
                r.products().forEach(p -> out.println("    " + p));
            }
        }
        try (Stream<Path> list = Files.list(incoming)) {
            if (list.findAny().isEmpty()) {
                Files.delete(incoming);
            }
        }
        out.println("Products are under " + reduction + " (lightcurves: *_lc.csv, *_lc.ecsv, plots: *_lc.png).");
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
