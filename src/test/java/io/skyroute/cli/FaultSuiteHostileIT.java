package io.skyroute.cli;

import io.skyroute.config.DatabaseConfig;
import io.skyroute.testing.LcoArchiveStandIn;
import io.skyroute.testing.LcoArchiveStandIn.Fault;
import io.skyroute.testing.LcoArchiveStandIn.StoredFrame;
import io.skyroute.testing.TestDatabases;
import io.skyroute.testing.TomStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.skyroute.cli.FaultRig.TOKEN;
import static io.skyroute.cli.FaultRig.TOM_PASSWORD;
import static io.skyroute.cli.FaultRig.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite's hostile corpus (src/test/resources/hostile/, written by src/test/python/hostile_corpus.py,
 * listed in its MANIFEST.tsv) fed to a running daemon: frames into the drop folder, archive listings as the LCO
 * stand-in's answers, TOM replies as the TOM stand-in's, configuration files to {@code config check}. Each must
 * end in a clear error or a quarantine with its reason, with the daemon up, nothing written outside its folders,
 * the real work going on, and the heap back at its baseline. The outcome of every item is written to
 * target/hostile-corpus.md.
 */
class FaultSuiteHostileIT {

    private static final FaultTable TABLE = new FaultTable();
    private static final Path CORPUS = Path.of("src/test/resources/hostile");
    /** Where the corpus's escapes would land if one worked. */
    private static final List<Path> ESCAPES = List.of(Path.of("/tmp/skyroute-escape"), Path.of("/tmp/skyroute-absolute"),
            Path.of("/tmp/skyroute-pwned"), Path.of("/tmp/skyroute-lco-escape.fits.fz"), Path.of("/tmp/skyroute-lco-absolute.fits.fz"),
            Path.of("/tmp/elsewhere"), Path.of("/tmp/skyroute-dbx-escape.fits"), Path.of("/tmp/skyroute-mast-escape_corrtag_a.fits"));
    private static final String DROPBOX_LINK = "https://www.dropbox.com/scl/fo/hostile/release?rlkey=x";

    record Item(String kind, String file, String what) {
    }

    @TempDir
    Path work;

    private FaultRig rig;

    @BeforeEach
    void rig() {
        rig = new FaultRig(work);
    }

    @AfterAll
    static void table() throws IOException {
        TABLE.write("hostile corpus");
    }

    @Test
    void everyHostileItemGetsAClearErrorOrAQuarantineAndNothingEscapes() throws Exception {
        List<Item> corpus = manifest();
        assertThat(corpus).as("the corpus's size (the issue asks for 50 or more)").hasSizeGreaterThanOrEqualTo(50);
        for (Path escape : ESCAPES) {
            Files.deleteIfExists(escape);
        }
        DatabaseConfig database = TestDatabases.postgres();
        Map<String, String> outcomes = new LinkedHashMap<>();
        try (LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN); TomStandIn tom = new TomStandIn("pipeline", TOM_PASSWORD);
             io.skyroute.testing.DropboxStandIn dropbox = new io.skyroute.testing.DropboxStandIn("dbx-token-5", DROPBOX_LINK, null);
             io.skyroute.testing.MastStandIn mast = new io.skyroute.testing.MastStandIn()) {
            tom.addTarget("PDS 110", "PDS_110");
            for (Item item : corpus) {
                if (item.kind().equals("dropbox") || item.kind().equals("mast")) {
                    // the answer's status is its file name's first part (200-html.json)
                    String name = Path.of(item.file()).getFileName().toString();
                    int status = Integer.parseInt(name.substring(0, 3));
                    String body = Files.readString(CORPUS.resolve(item.file()));
                    String type = body.startsWith("<") ? "text/html" : "application/json";
                    if (item.kind().equals("dropbox")) {
                        dropbox.answerNext("/2/files/list_folder", status, type, body);
                    } else {
                        mast.answerNext("/api/v0/invoke", status, type, body);
                    }
                }
                if (item.kind().equals("archive")) {
                    archive.fault("/frames/", Fault.answer(200, Files.readString(CORPUS.resolve(item.file()), StandardCharsets.ISO_8859_1)));
                } else if (item.kind().equals("tom")) {
                    String body = Files.readString(CORPUS.resolve(item.file()));
                    tom.answerNext(item.file().endsWith(".html") ? 500 : 200, item.file().endsWith(".html") ? "text/html" : "application/json", body);
                }
            }
            Map<Long, StoredFrame> frames = rig.addFrames(archive, 4);
            Path config = rig.config(database, archive, tom, new FaultRig.Extra("", """
                    retry: {max_redeliveries: 2, initial_delay_ms: 200, max_delay_ms: 1000}
                    tom_delivery: {retry_period_ms: 3000, http_timeout_seconds: 5}
                    """)).toAbsolutePath();
            Path dropboxCfg = Files.writeString(work.resolve("dropbox.yaml.cfg"),
                    "[dropbox]\nshared_url = " + DROPBOX_LINK + "\naccess_token_envvar = DBX_TOKEN\n");
            Files.writeString(config, Files.readString(config).replace("drop: {enabled: false}", "drop: {enabled: true, min_age_ms: 500, poll_ms: 500}")
                    .replace("schedules: {lco_poll: '0/2 * * * * ?'}",
                            "schedules: {lco_poll: '0/2 * * * * ?', dropbox_poll: '1/2 * * * * ?', mast_poll: '1/2 * * * * ?'}")
                    + "dropbox: " + dropboxCfg + "\nmast: {url: '" + mast.url() + "', executing_retry_ms: 50}\n");
            int port = DaemonProcess.freePort();
            try (DaemonProcess daemon = rig.start(config, port, Map.of("DBX_TOKEN", "dbx-token-5", "DROPBOX_API_HOST", dropbox.url(),
                    "DROPBOX_API_CONTENT_HOST", dropbox.url()))) {
                long heapBefore = heapAfterGc(daemon, port);
                Path drop = Files.createDirectories(work.resolve("var/drop"));
                Path outside = Files.writeString(work.resolve("outside.fits"), "a file outside the drop folder");
                for (Item item : corpus) {
                    if (item.kind().equals("frame") && !item.file().startsWith("(symlink)")) {
                        Path hidden = drop.resolve("." + item.file());
                        Files.copy(CORPUS.resolve(item.file()), hidden);
                        Files.move(hidden, drop.resolve(item.file()));
                    }
                }
                Files.createSymbolicLink(drop.resolve("link.fits"), outside);

                // the real work goes on: the archive's frames are ingested and their lightcurve reaches the TOM once
                daemon.await(() -> realWorkDone(frames, tom), 240, "the archive's 4 frames sorted and their lightcurves on the TOM");
                daemon.await(() -> archive.count("/frames/") > countOf(corpus, "archive") && tom.cannedLeft() == 0 && dropbox.cannedLeft() == 0
                        && mast.cannedLeft() == 0 && dropEmpty(drop), 180, "every hostile answer served and the drop folder empty");
                Thread.sleep(3_000);
                assertThat(daemon.alive()).as("the daemon up after the corpus").isTrue();
                long heapAfter = heapAfterGc(daemon, port);
                String output = daemon.output();
                String logs = logs();
                Map<String, Long> deadLetters = FaultRig.deadLettersByRoute(database);

                // the frames: each quarantined with a reason, or sorted under a name inside the reduction folder
                for (Item item : corpus) {
                    if (item.kind().equals("frame")) {
                        String name = item.file().startsWith("(symlink)") ? "link.fits" : item.file();
                        outcomes.put(item.kind() + "\t" + item.file() + "\t" + item.what(), frameOutcome(name));
                    }
                }
                long delivered = count(database, "select count(*) from uploads where status in ('DELIVERED', 'REPLACED')");
                long posts = tom.requests().stream().filter(r -> r.startsWith("POST /api/dataproducts/")).count();
                for (Item item : corpus) {
                    if (item.kind().equals("archive")) {
                        outcomes.put(item.kind() + "\t" + item.file() + "\t" + item.what(), "served as a listing answer; see the archive's errors below");
                    } else if (item.kind().equals("tom")) {
                        outcomes.put(item.kind() + "\t" + item.file() + "\t" + item.what(), "served as a TOM answer; see the TOM's errors below");
                    } else if (item.kind().equals("dropbox") || item.kind().equals("mast")) {
                        outcomes.put(item.kind() + "\t" + item.file() + "\t" + item.what(), "served as a " + item.kind()
                                + " answer; see its errors below");
                    }
                }
                for (String endpoint : List.of("/observe/health", "/observe/info", "/observe/metrics")) {
                    rig.produced.add(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + endpoint)).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                }
                assertThat(daemon.stop()).isIn(0, 143);
                FaultRig.Secrets secrets = rig.scanSecrets(database);

                // configuration files: config check refuses each with file, key and reason, exit 2, no stack trace
                for (Item item : corpus) {
                    if (item.kind().equals("config")) {
                        outcomes.put(item.kind() + "\t" + item.file() + "\t" + item.what(), configCheck(CORPUS.resolve(item.file())));
                    }
                }

                List<String> escaped = ESCAPES.stream().filter(Files::exists).map(Path::toString).toList();
                List<String> strayInWork = strayFiles();
                List<String> archiveErrors = errorLines(output + logs, "lco");
                List<String> tomErrors = errorLines(output + logs, "tom");
                List<String> dropboxErrors = errorLines(output + logs, "dropbox");
                List<String> mastErrors = errorLines(output + logs, "mast");
                long unclear = outcomes.values().stream().filter(o -> o.startsWith("UNCLEAR")).count();
                writeReport(outcomes, Map.of("the LCO archive", archiveErrors, "the TOM", tomErrors, "Dropbox", dropboxErrors, "MAST", mastErrors),
                        deadLetters);

                Map<String, Long> byKind = new HashMap<>();
                corpus.forEach(i -> byKind.merge(i.kind(), 1L, Long::sum));
                long quarantined = outcomes.values().stream().filter(o -> o.startsWith("quarantined")).count();
                long sorted = outcomes.values().stream().filter(o -> o.startsWith("sorted")).count();
                TABLE.add(new FaultTable.Row("hostile input corpus (" + corpus.size() + " items, src/test/python/hostile_corpus.py)",
                        byKind + " fed to the running daemon (drop folder; LCO, TOM, Dropbox and MAST answers) and to `config check`",
                        String.format("frames: %d quarantined with their reason, %d sorted under safe names inside the reduction folder; archive"
                                        + " answers: %d distinct errors logged, the 4 real frames ingested afterwards; TOM answers: %d distinct errors logged,"
                                        + " the lightcurve delivered once (%d versions, %d uploads); Dropbox answers: %d distinct errors logged; MAST"
                                        + " answers: %d distinct errors logged; configuration: every file refused with exit 2 and"
                                        + " its reason; the daemon up throughout; heap after a full GC %.0f MB before, %.0f MB after (per item:"
                                        + " target/hostile-corpus.md)", quarantined, sorted, archiveErrors.size(), tomErrors.size(), delivered, posts,
                                dropboxErrors.size(), mastErrors.size(),
                                heapBefore / 1e6, heapAfter / 1e6),
                        String.format("%d unclear outcomes, %d writes outside the folders %s, %d stray files %s", unclear, escaped.size(), escaped,
                                strayInWork.size(), strayInWork)));
                TABLE.add(new FaultTable.Row("secrets in the hostile-corpus run (LCO token, TOM password; plain, base64, Basic)",
                        secrets.outputs() + " outputs, " + String.format("%,d", secrets.characters()) + " characters: consoles, log files, dead"
                                + " letters, /observe/health, /info, /metrics",
                        secrets.hits().isEmpty() ? "no hit" : secrets.hits().size() + " hits", secrets.hits().size() + " hits"));
                assertThat(secrets.hits()).as("secrets in what the daemon produced").isEmpty();
                assertThat(unclear).as("items without a clear outcome: " + outcomes).isZero();
                assertThat(escaped).as("files written outside the configured folders").isEmpty();
                assertThat(strayInWork).as("files written beside the configured folders").isEmpty();
                assertThat(Files.readString(outside)).isEqualTo("a file outside the drop folder");
                assertThat(archiveErrors).as("the archive's hostile answers reported").isNotEmpty();
                assertThat(tomErrors).as("the TOM's hostile answers reported").isNotEmpty();
                assertThat(dropboxErrors).as("Dropbox's hostile answers reported").isNotEmpty();
                assertThat(mastErrors).as("MAST's hostile answers reported").isNotEmpty();
                assertThat(posts).as("uploads = versions delivered").isEqualTo(delivered);
                assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("StackOverflowError");
                assertThat(heapAfter).as("heap after a full GC, against %d before", heapBefore).isLessThan(heapBefore + (64L << 20));
                assertThat(rig.kept(frames).missing()).isZero();
            }
        }
    }

    private static List<Item> manifest() throws IOException {
        List<Item> items = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("MANIFEST.tsv")).subList(1, Files.readAllLines(CORPUS.resolve("MANIFEST.tsv")).size())) {
            String[] parts = line.split("\t");
            items.add(new Item(parts[0], parts[1], parts[2]));
        }
        return items;
    }

    private static long countOf(List<Item> corpus, String kind) {
        return corpus.stream().filter(i -> i.kind().equals(kind)).count();
    }

    /** The archive's frames kept, and each PDS_110 lightcurve the one the TOM holds (the hostile datasets have none). */
    private boolean realWorkDone(Map<Long, StoredFrame> frames, TomStandIn tom) {
        try {
            if (rig.kept(frames).missing() > 0) {
                return false;
            }
            Path target = work.resolve("var/reduction/PDS_110");
            if (!Files.isDirectory(target)) {
                return false;
            }
            try (Stream<Path> files = Files.walk(target)) {
                List<Path> lightcurves = files.filter(p -> p.getFileName().toString().endsWith("_lc.csv")).toList();
                for (Path lightcurve : lightcurves) {
                    String content = Files.readString(lightcurve);
                    if (tom.products().stream().noneMatch(p -> p.content().equals(content))) {
                        return false;
                    }
                }
                return lightcurves.size() >= 2;
            }
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean dropEmpty(Path drop) {
        try (Stream<Path> files = Files.list(drop)) {
            return files.noneMatch(p -> !p.getFileName().toString().startsWith("."));
        } catch (IOException e) {
            return false;
        }
    }

    /** Where a dropped frame ended: in quarantine (with the reason file's first line) or in a dataset folder. */
    private String frameOutcome(String name) throws IOException {
        try (Stream<Path> files = Files.walk(work.resolve("var"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals(name)).toList()) {
                Path relative = work.resolve("var").relativize(p);
                if (relative.startsWith("quarantine")) {
                    Path reason = p.resolveSibling(name + ".reason.txt");
                    String text = Files.exists(reason) ? Files.readString(reason).strip().lines().findFirst().orElse("") : "";
                    return text.isBlank() ? "UNCLEAR: quarantined without a reason" : "quarantined (" + relative.getParent() + "): " + cut(text, 200);
                }
                if (relative.startsWith("reduction")) {
                    // and what the dataset's reduction said of it, when it said something
                    Path log = p.resolveSibling("aperture_pipeline.log");
                    String verdict = Files.exists(log) ? Files.readString(log).lines().filter(l -> l.contains(name)).findFirst().orElse("") : "";
                    return "sorted into " + relative.getParent() + (verdict.isBlank() ? "" : "; reduction: " + cut(verdict.strip(), 160));
                }
            }
        }
        return "UNCLEAR: found nowhere";
    }

    private String configCheck(Path file) throws Exception {
        Path output = work.resolve("check-" + System.nanoTime() + ".txt");
        Process check = SkyrouteJar.command("config", "check", file.toAbsolutePath().toString()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(output).strip();
        Files.delete(output);
        if (check.exitValue() != 2 || said.contains("\tat ") || !said.contains(file.getFileName().toString())) {
            return "UNCLEAR: exit " + check.exitValue() + ": " + cut(said, 300);
        }
        return "refused, exit 2: " + cut(said.lines().filter(l -> l.contains(file.getFileName().toString())).findFirst().orElse(said), 200);
    }

    /** Error and warning lines that name a source, without their stack traces, each once. */
    private static List<String> errorLines(String text, String about) {
        Pattern line = Pattern.compile("(?m)^\\S+ (WARN|ERROR) +\\[[^]]*] (\\S+) - (.*)$");
        Matcher m = line.matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            String logger = m.group(2);
            String message = m.group(3);
            String lower = (logger + " " + message).toLowerCase();
            boolean source = switch (about) {
                case "lco" -> lower.contains("lco") || lower.contains("archive");
                case "tom" -> lower.contains("tom");
                default -> lower.contains(about);
            };
            String key = cut(message.replaceAll("\\d+", "#"), 160);
            if (source && found.stream().noneMatch(f -> f.equals(key))) {
                found.add(key);
            }
        }
        return found;
    }

    private String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        Path folder = work.resolve("var/logs");
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path log : files.filter(Files::isRegularFile).toList()) {
                    all.append(Files.readString(log, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return all.toString();
    }

    /** Anything in the work folder that is neither the configured data folder nor what the test itself wrote. */
    private List<String> strayFiles() throws IOException {
        try (Stream<Path> top = Files.list(work)) {
            return top.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("var") && !n.endsWith(".yaml") && !n.endsWith(".cfg") && !n.startsWith("console-")
                            && !n.equals("outside.fits"))
                    .toList();
        }
    }

    private static long heapAfterGc(DaemonProcess daemon, int port) throws Exception {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(daemon.pid()), "GC.run")
                .redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        assertThat(gc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(500);
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long heap = 0;
        Matcher used = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)").matcher(metrics);
        while (used.find()) {
            heap += (long) Double.parseDouble(used.group(1));
        }
        return heap;
    }

    private void writeReport(Map<String, String> outcomes, Map<String, List<String>> errorsBySource, Map<String, Long> deadLetters)
            throws IOException {
        StringBuilder report = new StringBuilder("| kind | item | what it is | outcome |\n|---|---|---|---|\n");
        outcomes.forEach((item, outcome) -> report.append("| ").append(item.replace("\t", " | ")).append(" | ")
                .append(outcome.replace("|", "\\|")).append(" |\n"));
        new java.util.TreeMap<>(errorsBySource).forEach((source, errors) -> {
            report.append("\nThe answers of ").append(source).append(", as the daemon reported them:\n\n");
            errors.forEach(e -> report.append("- ").append(e.replace("|", "\\|")).append('\n'));
        });
        report.append("\nDead letters by route: ").append(deadLetters).append('\n');
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/hostile-corpus.md"), report);
    }

    private static String cut(String text, int max) {
        String one = text.replace('\n', ' ');
        return one.length() > max ? one.substring(0, max) + "…" : one;
    }
}
