package io.skyroute.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The packaged daemon ({@code java -jar target/skyroute.jar run}) as a process a test starts, watches and stops. */
final class DaemonProcess implements AutoCloseable {

    /**
     * The JVM options {@code bin/skyroute run} starts the daemon with (docs/operations.md, "Memory"); LauncherIT holds the
     * launcher to them, so a test that runs the daemon "as the launcher would" does.
     */
    static final List<String> LAUNCHER_FLAGS = List.of("-XX:-G1UseAdaptiveIHOP", "-XX:InitiatingHeapOccupancyPercent=75",
            "-XX:+ExitOnOutOfMemoryError");
    /** What the launcher gives run for a configuration whose frames are the sample frames' (max_image_pixels 1,600,000: 198 MB). */
    static final List<String> LAUNCHER_MEMORY = java.util.stream.Stream.concat(java.util.stream.Stream.of("-Xmx198m"), LAUNCHER_FLAGS.stream())
            .toList();

    private final Process process;
    private final Path console;

    private DaemonProcess(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    /** Starts the daemon in {@code work} (on {@code config}, or on its defaults when null) and waits until Camel has started. */
    static DaemonProcess start(Path work, Path config, List<String> jvmOptions, Map<String, String> env) throws Exception {
        return start(work, config, jvmOptions, List.of(), env);
    }

    /** As {@link #start}, with options of {@code run} itself (e.g. --hawtio). */
    static DaemonProcess startWith(Path work, Path config, List<String> runOptions, Map<String, String> env) throws Exception {
        return start(work, config, List.of(), runOptions, env);
    }

    private static DaemonProcess start(Path work, Path config, List<String> jvmOptions, List<String> runOptions, Map<String, String> env)
            throws Exception {
        Path console = work.resolve("console-" + System.nanoTime() + ".log");
        List<String> options = new ArrayList<>(jvmOptions);
        List<String> run = new ArrayList<>(List.of("run"));
        run.addAll(runOptions);
        if (config != null) {
            run.addAll(List.of("--config", config.toString()));
        }
        String[] args = run.toArray(String[]::new);
        ProcessBuilder builder = SkyrouteJar.command(options, args)
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
        // the management server on a free port unless the test says otherwise: tests must not need 8081 to be free
        if (!env.containsKey("SKYROUTE_MANAGEMENT_HTTP_PORT")) {
            builder.environment().put("SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(freePort()));
        }
        builder.environment().putAll(env);
        DaemonProcess daemon = new DaemonProcess(builder.start(), console);
        daemon.awaitText("(skyroute) started", 90);
        return daemon;
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String output() throws IOException {
        return Files.exists(console) ? Files.readString(console) : "";
    }

    void awaitText(String text, int seconds) throws Exception {
        await(() -> {
            try {
                return output().contains(text);
            } catch (IOException e) {
                return false;
            }
        }, seconds, "'" + text + "' in the daemon's output");
    }

    void await(BooleanSupplier condition, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the daemon exited (" + process.exitValue() + ") while waiting for " + what + ":\n" + output());
            }
            Thread.sleep(200);
        }
        throw new AssertionError(what + " did not happen within " + seconds + " s; output:\n" + output());
    }

    /** SIGKILL: no shutdown hook, no clean-up (a machine failing). */
    void kill() throws Exception {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    int stop() throws Exception {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("no exit within 90 s of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
