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
import io.skyroute.pipeline.Handoffs;
import io.skyroute.sorting.SortingRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Does the ledger's size show in what users wait for? For ledgers already holding 1,000, 10,000 and 100,000
 * frames (rows written straight into the frames table, statuses mixed as in a running daemon), on H2 and
 * PostgreSQL: the status query ({@code skyroute status}'s counts and attention list: the first, which is what the
 * command pays in its fresh process, and the median of 20 more) and
 * sorting 300 new frames through route {@code sort-frame} (header read, rules, placement, move, record; after
 * 300 warm-up frames), one thread.
 * Run: {@code java -cp "target/classes:target/test-classes:target/lib/*" io.skyroute.bench.LedgerScaleBenchmark [--pg URL] [--sizes 1000,10000,100000]}
 */
public final class LedgerScaleBenchmark {

    private static final String[] STATUSES = {"SORTED", "SORTED", "SORTED", "SORTED", "SORTED", "SORTED", "DOWNLOADED", "QUARANTINED", "FAILED", "DISCOVERED"};

    public static void main(String[] args) throws Exception {
        String pg = null;
        int[] sizes = {1_000, 10_000, 100_000};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pg" -> pg = args[++i];
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.println("| ledger | frames in it | status query, first | status query, median of 20 more | sorting 300 new frames |");
        System.out.println("|---|---|---|---|---|");
        for (String kind : pg == null ? List.of("H2") : List.of("H2", "PostgreSQL")) {
            for (int size : sizes) {
                run(kind, size, pg);
            }
        }
    }

    private static void run(String kind, int size, String pg) throws Exception {
        Path work = Files.createTempDirectory("skyroute-ledger-scale");
        try {
            Path originals = Files.createDirectories(work.resolve("originals"));
            BenchSupport.copyReal(originals);
            DatabaseConfig database = kind.equals("H2")
                    ? new DatabaseConfig("jdbc:h2:file:" + work.resolve("db/ledger") + ";AUTO_SERVER=TRUE", "sa", null, 4)
                    : new DatabaseConfig(BenchSupport.freshSchema(pg), "postgres", null, 4);
            SkyrouteConfig config = new SkyrouteConfig(work.resolve("var"), database, work.resolve("no-routes"), new DropConfig(work.resolve("drop"), false),
                    new SortingConfig(true, work.resolve("red"), null, null), null, null, null, null, null, null);
            SkyrouteSetup setup = SkyrouteSetup.load(config, new ConfigLoader(Map.of()), new Secrets(Map.of()));
            try (LedgerDatabase ledger = LedgerDatabase.connect(database, setup.secrets()).open()) {
                fill(ledger, size);
                LedgerQueries queries = new LedgerQueries(ledger);
                // the first query is what `skyroute status` pays (a fresh process); H2 answers a repeat from its result cache
                long first = System.nanoTime();
                queries.status();
                double firstMs = (System.nanoTime() - first) / 1e6;
                double[] times = new double[20];
                for (int i = 0; i < times.length; i++) {
                    long start = System.nanoTime();
                    queries.status();
                    times[i] = (System.nanoTime() - start) / 1e6;
                }
                Arrays.sort(times);
                try (OneShotContext camel = OneShotContext.start(setup, ledger)) {
                    ProducerTemplate template = camel.context().createProducerTemplate();
                    sortAll(template, BenchSupport.links(originals, Files.createDirectories(work.resolve("warmup")), 300, "w"));
                    List<Path> frames = BenchSupport.links(originals, Files.createDirectories(work.resolve("incoming")), 300, "m");
                    double seconds = sortAll(template, frames);
                    System.out.printf("| %s | %,d | %.1f ms | %.1f ms | %.2f s (%.1f ms per frame) |%n", kind, size, firstMs, times[times.length / 2],
                            seconds, 1000 * seconds / frames.size());
                }
            }
        } finally {
            BenchSupport.deleteTree(work);
        }
    }

    /** {@code size} frame rows, as a running daemon leaves them (most sorted, some waiting, quarantined or failed). */
    private static void fill(LedgerDatabase ledger, int size) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = ledger.dataSource().getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO frames (source, natural_id, file_name, status, tries, created_at, updated_at, path)"
                     + " VALUES (?, ?, ?, ?, 0, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < size; i++) {
                String name = "old-" + i + "-e91.fits.fz";
                insert.setString(1, i % 3 == 0 ? "lco" : "local");
                insert.setString(2, name);
                insert.setString(3, name);
                insert.setString(4, STATUSES[i % STATUSES.length]);
                insert.setObject(5, now.minusMinutes(size - i));
                insert.setObject(6, now.minusMinutes(size - i));
                insert.setString(7, "/data/red/T" + (i % 50) + "/sbig/rp/" + name);
                insert.addBatch();
                if (i % 5_000 == 4_999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            c.commit();
        }
    }


    private static double sortAll(ProducerTemplate template, List<Path> frames) throws Exception {
        long start = System.nanoTime();
        for (Path frame : frames) {
            Exchange done = template.request(SortingRoutes.SORT, e -> {
                e.getIn().setHeader(Handoffs.PATH, frame.toString());
                e.getIn().setHeader(Handoffs.SOURCE, "bench");
                e.getIn().setHeader(Handoffs.NATURAL_ID, frame.getFileName().toString());
            });
            if (done.getException() != null) {
                throw done.getException();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
