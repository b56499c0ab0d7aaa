package io.skyroute.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
        return launch(Path.of("bin/skyroute").toAbsolutePath(), environment, args);
    }

    private static Run launch(Path launcher, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("SKYROUTE_JAR", Path.of(System.getProperty("skyroute.jar", "target/skyroute.jar")).toAbsolutePath().toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("SKYROUTE_JIT");
        builder.environment().put("SKYROUTE_CDS", "off"); // the class archives have tests of their own below
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

    @TempDir
    Path scratch;

    /** A dataset folder with that many (empty) frame files: the launcher only counts them. */
    private Path datasetWith(int frames) throws IOException {
        Path dataset = Files.createDirectories(scratch.resolve("red-" + frames).resolve("T").resolve("sbig").resolve("rp"));
        for (int i = 0; i < frames; i++) {
            Files.createFile(dataset.resolve("frame-" + i + ".fits.fz"));
        }
        return dataset;
    }

    @Test
    void aCommandsClassesAreArchivedByItsFirstSuccessfulRunAndMappedByTheNext(@TempDir Path cache) throws Exception {
        Map<String, String> cds = Map.of("SKYROUTE_CDS", "auto", "SKYROUTE_CDS_DIR", cache.toString());

        Run failing = launch(cds, "config", "check", scratch.resolve("absent.yaml").toString());
        assertThat(failing.exit()).isNotZero();
        try (var files = Files.list(cache)) {
            assertThat(files).as("nothing kept from a run that failed").isEmpty();
        }
        Run first = launch(cds, "--version");
        Path archive;
        try (var files = Files.list(cache)) {
            List<Path> archives = files.toList();
            assertThat(archives).hasSize(1);
            archive = archives.get(0);
        }
        assertThat(archive.getFileName().toString()).endsWith("-quick---version.jsa");
        Map<String, String> echo = new HashMap<>(cds);
        echo.put("SKYROUTE_LAUNCHER_ECHO", "1");
        assertThat(launch(echo, "--version").out()).contains("-XX:SharedArchiveFile=" + archive + " ");
        Run second = launch(cds, "--version");
        assertThat(second.exit()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(second.err()).as("the JVM says nothing about the archive").isEqualTo(first.err());

        assertThat(launch(echo, "run").out()).as("the daemon starts once: no archive").doesNotContain("SharedArchive", "ArchiveClassesAtExit");
        echo.put("SKYROUTE_CDS", "off");
        assertThat(launch(echo, "--version").out()).doesNotContain("SharedArchive", "ArchiveClassesAtExit");
        echo.put("SKYROUTE_CDS", "sometimes");
        assertThat(launch(echo, "--version").err()).contains("SKYROUTE_CDS must be auto or off");
    }

    @Test
    void runsTheJar() throws Exception {
        Run run = launch(Map.of(), "--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("skyroute ");
    }

    @Test
    void findsTheJarNextToItselfAlsoThroughASymlink(@TempDir Path elsewhere) throws Exception {
        Path link = Files.createSymbolicLink(elsewhere.resolve("skyroute"), Path.of("bin/skyroute").toAbsolutePath());
        Map<String, String> noJarGiven = new HashMap<>();
        noJarGiven.put("SKYROUTE_JAR", "");
        noJarGiven.put("SKYROUTE_LAUNCHER_ECHO", "1");

        Run run = launch(link, noJarGiven, "--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("-jar " + Path.of("bin/../target/skyroute.jar").toAbsolutePath());
    }

    @Test
    void shortCommandsGetTheQuickJitAndTheDaemonAndLongBatchesTheFullOne() throws Exception {
        Map<String, String> echo = Map.of("SKYROUTE_LAUNCHER_ECHO", "1");

        assertThat(launch(echo, photometryWith(80)).out()).contains(QUICK);
        assertThat(launch(echo, photometryWith(81)).out()).doesNotContain("TieredStopAtLevel");
        assertThat(launch(echo, "--version").out()).contains(QUICK);
        assertThat(launch(echo, "demo").out()).contains(QUICK);
        assertThat(launch(echo, "reduce", datasetWith(2).toString()).out()).contains(QUICK);
        assertThat(launch(echo, "reduce", datasetWith(81).toString()).out()).doesNotContain("TieredStopAtLevel");
        assertThat(launch(echo, "sort", "in").out()).contains(QUICK);
        assertThat(launch(echo, "download", "data_download.yaml").out()).contains(QUICK);
        assertThat(launch(echo, "tom", "status").out()).contains(QUICK);
        assertThat(launch(echo, "tom", "upload", "x").out()).doesNotContain("TieredStopAtLevel");
        assertThat(launch(echo, "run", "--config", "skyroute.yaml").out()).doesNotContain("TieredStopAtLevel")
                .endsWith("-jar " + Path.of(System.getProperty("skyroute.jar", "target/skyroute.jar")).toAbsolutePath() + " run --config skyroute.yaml\n");
    }

    @Test
    void photometryUnderTheQuickJitMeasuresExactlyWhatTheFullOneDoes(@TempDir Path work) throws Exception {
        // the decoder counts leading zeros by table under C1 alone and by Long.numberOfLeadingZeros under C2
        List<String> args = new ArrayList<>(List.of("photometry", "--positions", Path.of("src/test/resources/photometry/stars.csv").toAbsolutePath().toString(),
                "--aperture-px", "6", "--annulus-px", "12,18", "--out"));
        List<String> frames;
        try (var listing = Files.list(Path.of("src/test/resources/frames"))) {
            frames = listing.filter(p -> p.toString().endsWith(".fits.fz")).map(p -> p.toAbsolutePath().toString()).sorted().toList();
        }
        assertThat(frames).hasSizeGreaterThanOrEqualTo(4);
        List<String> quick = new ArrayList<>(args);
        quick.add(work.resolve("quick.csv").toString());
        quick.addAll(frames);
        List<String> full = new ArrayList<>(args);
        full.add(work.resolve("full.csv").toString());
        full.addAll(frames);

        Run quickRun = launch(Map.of("SKYROUTE_JIT", "quick", "JAVA_OPTS", "-XshowSettings:properties"), quick.toArray(String[]::new));
        Run fullRun = launch(Map.of("SKYROUTE_JIT", "full"), full.toArray(String[]::new));

        assertThat(quickRun.exit()).as(quickRun.err()).isZero();
        assertThat(fullRun.exit()).as(fullRun.err()).isZero();
        assertThat(quickRun.err()).as("the JVM says C1 runs alone, which is what switches the decoder to its table")
                .contains("java.vm.info = mixed mode, emulated-client");
        assertThat(Files.readAllLines(work.resolve("quick.csv"))).hasSizeGreaterThan(100).isEqualTo(Files.readAllLines(work.resolve("full.csv")));
    }

    @Test
    void theEnvironmentOverridesTheChoice() throws Exception {
        Run forcedFull = launch(Map.of("SKYROUTE_LAUNCHER_ECHO", "1", "SKYROUTE_JIT", "full", "JAVA_OPTS", "-Xmx1g"), "--version");
        Run forcedQuick = launch(Map.of("SKYROUTE_LAUNCHER_ECHO", "1", "SKYROUTE_JIT", "quick"), "run");

        assertThat(forcedFull.out()).doesNotContain("TieredStopAtLevel").contains("java -Xmx1g -jar ");
        // the heap the configuration needs (config/skyroute.yaml's defaults: 2 frames of 4096 x 4096 in flight, 748 MB)
        String memory = "-Xmx748m " + String.join(" ", DaemonProcess.LAUNCHER_FLAGS);
        assertThat(forcedQuick.out()).contains(QUICK + " " + memory + " -jar ");
        Run ownHeap = launch(Map.of("SKYROUTE_LAUNCHER_ECHO", "1", "JAVA_OPTS", "-Xmx1g"), "run");
        assertThat(ownHeap.out()).as("the user's -Xmx comes later, so it wins").contains(memory + " -Xmx1g -jar ");
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
