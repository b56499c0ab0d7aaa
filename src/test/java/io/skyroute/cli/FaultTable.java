package io.skyroute.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault suite's table: one row per fault tried, how often, the outcome and what was lost. Each part of the
 * suite prints its rows when it ends and adds them to target/fault-suite.md (started afresh by the first part
 * of a Maven run: the parts share one JVM).
 */
final class FaultTable {

    /** One row of the table: the fault, how often, what the run checked and what was lost. */
    record Row(String fault, String tried, String outcome, String lost) {
    }

    private static final Path FILE = Path.of("target/fault-suite.md");
    private static boolean started;
    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    /** Prints the rows and adds them to target/fault-suite.md. */
    synchronized void write(String part) throws IOException {
        StringBuilder table = new StringBuilder();
        synchronized (FaultTable.class) {
            if (!started) {
                table.append("Fault suite, size '").append(FaultRig.SCALE.name()).append("' (seed ").append(FaultRig.SCALE.seed()).append("), ")
                        .append(Instant.now()).append("\n\n| fault | tried | outcome | lost |\n|---|---|---|---|\n");
            }
            for (Row row : rows) {
                table.append("| ").append(row.fault()).append(" | ").append(row.tried()).append(" | ").append(row.outcome()).append(" | ")
                        .append(row.lost()).append(" |\n");
            }
            System.out.println(part + ":\n" + table);
            Files.createDirectories(FILE.getParent());
            if (started) {
                Files.writeString(FILE, table, StandardOpenOption.APPEND);
            } else {
                Files.writeString(FILE, table);
                started = true;
            }
        }
    }
}
