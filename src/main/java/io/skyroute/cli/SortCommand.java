package io.skyroute.cli;

import io.skyroute.sorting.Sorter;
import io.skyroute.sorting.SortingRoutes;
import io.skyroute.pipeline.Handoffs;
import io.skyroute.sources.local.LocalDropRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** {@code skyroute sort DIR-OR-FILE...}: sorts existing frames with the daemon's rules (backfills). */
@Command(name = "sort", mixinStandardHelpOptions = true,
        description = {"Sorts existing FITS files (.fits, .fit, .fts, .fits.fz; folders are searched recursively) into their"
                + " datasets with the same rules and ledger as the daemon, and prints what happened to them.",
                "Files are moved: into their dataset, the quarantine folder (with a reason) or the dropped folder."})
public class SortCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR-OR-FILE", arity = "1..*", description = "Files, or folders to search for FITS files.")
    List<Path> inputs;

    @Option(names = "--source", defaultValue = LocalDropRoutes.SOURCE,
            description = "The source name the frames are recorded under (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--threads", defaultValue = "4", description = "Frames sorted at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Mixin
    ConfigOption configOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Path> files = fitsFiles(inputs);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        ProgressBar progress = ProgressBar.onTerminal();
        AtomicInteger done = new AtomicInteger();
        try (OneShotSession session = OneShotSession.open(configOption)) {
            ProducerTemplate template = session.template();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
            try {
                List<Future<?>> work = new ArrayList<>();
                for (Path file : files) {
                    work.add(pool.submit(() -> {
                        Exchange result = template.request(SortingRoutes.SORT, e -> {
                            e.getIn().setHeader(Handoffs.PATH, file.toAbsolutePath().toString());
                            e.getIn().setHeader(Handoffs.SOURCE, source);
                            e.getIn().setHeader(Handoffs.NATURAL_ID, file.getFileName().toString());
                        });
                        String decision = result.getException() != null ? "FAILED"
                                : result.getIn().getHeader(Sorter.DECISION, "FAILED", String.class);
                        if (decision.equals("FAILED")) {
                            failed.incrementAndGet();
                        }
                        outcomes.computeIfAbsent(decision, d -> new AtomicInteger()).incrementAndGet();
                        progress.show(done.incrementAndGet(), files.size(), "frames");
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                pool.shutdown();
                progress.finish();
            }
        }
        Map<String, Integer> summary = new TreeMap<>();
        outcomes.forEach((k, v) -> summary.put(k.toLowerCase(Locale.ROOT), v.get()));
        spec.commandLine().getOut().println("Sorted " + files.size() + " file(s): " + summary
                + " (placed = in a dataset; wait = its dataset is locked, sorted again by the daemon)");
        spec.commandLine().getOut().flush();
        return failed.get() == 0 ? 0 : 1;
    }

    static List<Path> fitsFiles(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile).filter(SortCommand::looksLikeFits).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new IllegalArgumentException(input + ": no such file or folder");
            }
        }
        return files;
    }

    private static boolean looksLikeFits(Path file) {
        return io.skyroute.pipeline.FitsFiles.isFits(file);
    }
}
