package io.skyroute.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/skyroute}, the launcher: finds the jar and picks the JIT by command. */
class LauncherIT {

    private static final String QUICK = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    record Run(int exit, String out, String err) {
    }

    private static Run launch(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of("bin/skyroute").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SKYROUTE_JAR", Path.of(System.getProperty("skyroute.jar", "target/skyroute.jar")).toAbsolutePath().toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("SKYROUTE_JIT");
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String[] photometryWith(int frames) {
        List<String> args = new ArrayList<>(List.of("photometry", "--positions", "stars.csv", "--aperture-px", "6", "--annulus-px", "12,18", "--out", "o.csv"));
        for (int i = 0; i < frames; i++) {
            args.add("frame-" + i + ".fits.fz");
        }
        return args.toArray(String[]::new);
    }

    @Test
    void runsTheJar() throws Exception {
        Run run = launch(Map.of(), "--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("skyroute ");
    }

    @Test
    void shortCommandsGetTheQuickJitAndTheDaemonAndLongBatchesTheFullOne() throws Exception {
        Map<String, String> echo = Map.of("SKYROUTE_LAUNCHER_ECHO", "1");

        assertThat(launch(echo, photometryWith(30)).out()).contains(QUICK);
        assertThat(launch(echo, photometryWith(41)).out()).doesNotContain("TieredStopAtLevel");
        assertThat(launch(echo, "--version").out()).contains(QUICK);
        assertThat(launch(echo, "tom", "status").out()).contains(QUICK);
        assertThat(launch(echo, "tom", "upload", "x").out()).doesNotContain("TieredStopAtLevel");
        assertThat(launch(echo, "run", "--config", "skyroute.yaml").out()).doesNotContain("TieredStopAtLevel")
                .endsWith("-jar " + Path.of(System.getProperty("skyroute.jar", "target/skyroute.jar")).toAbsolutePath() + " run --config skyroute.yaml\n");
    }

    @Test
    void theEnvironmentOverridesTheChoice() throws Exception {
        Run forcedFull = launch(Map.of("SKYROUTE_LAUNCHER_ECHO", "1", "SKYROUTE_JIT", "full", "JAVA_OPTS", "-Xmx1g"), "--version");
        Run forcedQuick = launch(Map.of("SKYROUTE_LAUNCHER_ECHO", "1", "SKYROUTE_JIT", "quick"), "run");

        assertThat(forcedFull.out()).doesNotContain("TieredStopAtLevel").contains("java -Xmx1g -jar ");
        assertThat(forcedQuick.out()).contains(QUICK + " -jar ");
    }

    @Test
    void badSettingsAreReportedNotRun() throws Exception {
        Run badJit = launch(Map.of("SKYROUTE_JIT", "fast"), "--version");
        Run noJar = launch(Map.of("SKYROUTE_JAR", "/nonexistent/skyroute.jar"), "--version");

        assertThat(badJit.exit()).isEqualTo(2);
        assertThat(badJit.err()).contains("SKYROUTE_JIT must be auto, quick or full, not 'fast'");
        assertThat(noJar.exit()).isEqualTo(2);
        assertThat(noJar.err()).contains("cannot find skyroute.jar");
    }
}
