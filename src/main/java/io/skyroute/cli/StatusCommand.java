package io.skyroute.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.LedgerQueries;
import io.skyroute.ledger.LedgerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code skyroute status}: what the ledger holds. Works while the daemon runs (also on embedded H2). */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows what the ledger holds: frames by status, datasets, reductions, uploads, dead letters.")
public class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Option(names = "--dead-letters", paramLabel = "N", defaultValue = "5",
            description = "How many of the newest dead letters to list (default: ${DEFAULT-VALUE}).")
    int deadLetterCount;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SkyrouteConfig config = configOption.load(ConfigLoader.fromSystemEnvironment());
        try (LedgerDatabase ledger = LedgerDatabase.connect(config.database(), Secrets.fromSystemEnvironment())) {
            int pending = ledger.pendingMigrations();
            if (pending > 0) {
                spec.commandLine().getErr().println("The ledger at " + LedgerDatabase.redact(config.database().url()) + " has "
                        + pending + " migration(s) to apply; run 'skyroute db migrate' (or start the daemon) first.");
                return 1;
            }
            LedgerQueries queries = new LedgerQueries(ledger);
            LedgerStatus status = queries.status();
            List<LedgerStatus.RecentDeadLetter> recent = queries.recentDeadLetterRows(deadLetterCount);
            PrintWriter out = spec.commandLine().getOut();
            List<io.skyroute.ledger.ClusterNodes.Node> nodes = new io.skyroute.ledger.ClusterNodes(ledger).nodes();
            if (json) {
                out.println(toJson(config, status, recent));
            } else {
                print(out, config, status, recent);
                printNodes(out, nodes, config.cluster().checkinIntervalMs());
            }
            out.flush();
        }
        return 0;
    }

    /** The cluster's nodes, when any has checked in: role, last check-in, reductions in flight and done. */
    private static void printNodes(PrintWriter out, List<io.skyroute.ledger.ClusterNodes.Node> nodes, long checkinMs) {
        if (nodes.isEmpty()) {
            return;
        }
        out.println("Cluster nodes: " + nodes.size());
        java.time.Instant now = java.time.Instant.now();
        for (var n : nodes) {
            long ago = java.time.Duration.between(n.lastSeen(), now).toSeconds();
            boolean gone = ago * 1000 > 3 * checkinMs;
            out.printf("  %-32s %-7s last check-in %d s ago%s, reductions in flight %d, done %d%n", n.nodeId(), n.role(), ago,
                    gone ? " (GONE)" : "", n.jobsInFlight(), n.jobsDone());
        }
    }

    private static void print(PrintWriter out, SkyrouteConfig config, LedgerStatus status, List<LedgerStatus.RecentDeadLetter> recent) {
        out.println("Ledger: " + LedgerDatabase.redact(config.database().url()));
        out.println("Frames: " + status.frames());
        status.framesByStatus().forEach((s, n) -> out.printf("  %-12s %d%n", s.name().toLowerCase(), n));
        out.println("Datasets: " + status.datasets() + " (" + status.lockedDatasets() + " locked, " + status.needingAttention().size()
                + " needing attention)");
        for (var attention : status.needingAttention()) {
            out.printf("  NEEDS ATTENTION since %s: %s: %s%n", attention.since(), attention.dataset(), attention.reason());
        }
        out.println("Reductions:");
        status.reductionsByStatus().forEach((s, n) -> out.printf("  %-12s %d%n", s.name().toLowerCase(), n));
        out.println("Uploads:");
        status.uploadsByStatus().forEach((s, n) -> out.printf("  %-12s %d%n", s.name().toLowerCase(), n));
        out.println("Dead letters: " + status.deadLetters());
        for (LedgerStatus.RecentDeadLetter d : recent) {
            out.printf("  %s  %-16s %s%s%n", d.createdAt(), d.routeId(), d.reason(),
                    d.payloadRef() == null ? "" : "  [" + d.payloadRef() + "]");
        }
    }

    private static String toJson(SkyrouteConfig config, LedgerStatus status, List<LedgerStatus.RecentDeadLetter> recent) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ledger", LedgerDatabase.redact(config.database().url()));
        doc.put("frames", lowerKeys(status.framesByStatus()));
        doc.put("datasets", Map.of("total", status.datasets(), "locked", status.lockedDatasets(), "needing_attention",
                status.needingAttention().size()));
        doc.put("needs_attention", status.needingAttention().stream().map(a -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dataset", a.dataset());
            row.put("reason", a.reason());
            row.put("since", a.since());
            return row;
        }).toList());
        doc.put("reductions", lowerKeys(status.reductionsByStatus()));
        doc.put("uploads", lowerKeys(status.uploadsByStatus()));
        doc.put("dead_letters", status.deadLetters());
        doc.put("recent_dead_letters", recent.stream().map(d -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time", d.createdAt());
            row.put("route", d.routeId());
            row.put("reason", d.reason());
            row.put("payload", d.payloadRef());
            return row;
        }).toList());
        return new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writerWithDefaultPrettyPrinter().writeValueAsString(doc);
    }

    private static Map<String, Long> lowerKeys(Map<? extends Enum<?>, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k.name().toLowerCase(), v));
        return out;
    }
}
