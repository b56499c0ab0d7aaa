package io.skyroute.bench;

import io.skyroute.app.OneShotContext;
import io.skyroute.app.SkyrouteSetup;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.DatabaseConfig;
import io.skyroute.config.DropConfig;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.config.SortingConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.LedgerQueries;
import io.skyroute.sorting.SortingRoutes;
import io.skyroute.pipeline.Handoffs;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sorting's benchmark (README, "Benchmarks"): header read + rules + placement + move + record of N
 * frames through route {@code sort-frame}, N hard links to the four real frames (header reading touches
 * only the headers, so links measure the same work without gigabytes of copies).
 * Run: {@code java -cp "target/classes:target/test-classes:target/lib/*" io.skyroute.bench.SortBenchmark [--frames 2000] [--threads 4] [--pg URL]}
 */
public final class SortBenchmark {


    public static void main(String[] args) throws Exception {
        int n = 2000;
        int warmup = 3000;
        int threads = 4;
        String pg = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--frames" -> n = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--pg" -> pg = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("skyroute-sort-bench");
        Path originals = Files.createDirectories(work.resolve("originals"));
        BenchSupport.copyReal(originals);
        List<Path> warmupFrames = BenchSupport.links(originals, Files.createDirectories(work.resolve("warmup")), warmup, "w");
        List<Path> frames = BenchSupport.links(originals, Files.createDirectories(work.resolve("incoming")), n, "m");
        DatabaseConfig database = pg == null
                ? new DatabaseConfig("jdbc:h2:file:" + work.resolve("db/ledger") + ";AUTO_SERVER=TRUE", "sa", null, threads + 2)
                : new DatabaseConfig(BenchSupport.freshSchema(pg), "postgres", null, threads + 2);
        SkyrouteConfig config = new SkyrouteConfig(work.resolve("var"), database, work.resolve("no-routes"), new DropConfig(work.resolve("drop"), false),
                new SortingConfig(true, work.resolve("red"), null, null), null, null, null, null, null, null);
        SkyrouteSetup setup = SkyrouteSetup.load(config, new ConfigLoader(Map.of()), new Secrets(Map.of()));
        try (LedgerDatabase ledger = LedgerDatabase.connect(database, setup.secrets()).open();
             OneShotContext camel = OneShotContext.start(setup, ledger)) {
            ProducerTemplate template = camel.context().createProducerTemplate();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            double warmupSeconds = sortAll(template, pool, warmupFrames); // lets the JIT compile the path first
            double seconds = sortAll(template, pool, frames);
            pool.shutdown();
            System.out.printf("header read + rules + place + move + record of %d frames (%s ledger, %d threads, after %d warm-up frames at %.0f frames/s):"
                            + " %.2f s, %.0f frames/s; ledger: %s%n",
                    n, pg == null ? "H2" : "PostgreSQL", threads, warmup, warmup / warmupSeconds, seconds, n / seconds,
                    new LedgerQueries(ledger).status().framesByStatus());
        } finally {
            BenchSupport.deleteTree(work);
        }
    }


    private static double sortAll(ProducerTemplate template, ExecutorService pool, List<Path> frames) throws Exception {
        long start = System.nanoTime();
        List<Future<Exchange>> results = new ArrayList<>();
        for (Path frame : frames) {
            results.add(pool.submit(() -> template.request(SortingRoutes.SORT, e -> {
                e.getIn().setHeader(Handoffs.PATH, frame.toString());
                e.getIn().setHeader(Handoffs.SOURCE, "bench");
                e.getIn().setHeader(Handoffs.NATURAL_ID, frame.getFileName().toString());
            })));
        }
        for (Future<Exchange> r : results) {
            if (r.get().getException() != null) {
                throw r.get().getException();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

}
