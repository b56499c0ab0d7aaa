package io.skyroute.cli;

import java.io.PrintStream;

/** A one-line progress bar on a terminal; silent when output is not a terminal (logs, pipes, CI). */
final class ProgressBar {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean enabled;
    private String last = "";

    ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    static ProgressBar onTerminal() {
        return new ProgressBar(System.err, System.console() != null);
    }

    synchronized void show(int done, int total, String label) {
        if (!enabled) {
            return;
        }
        int filled = total == 0 ? 0 : Math.min(WIDTH, done * WIDTH / total);
        String line = "\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + label;
        if (!line.equals(last)) {
            out.print(line);
            out.flush();
            last = line;
        }
    }

    synchronized void finish() {
        if (enabled && !last.isEmpty()) {
            out.println();
        }
    }
}
