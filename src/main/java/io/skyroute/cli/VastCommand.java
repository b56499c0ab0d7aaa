package io.skyroute.cli;

import io.skyroute.app.SoftwareVersion;
import io.skyroute.config.Secrets;
import io.skyroute.ops.Logging;
import io.skyroute.sources.dropbox.FileList;
import io.skyroute.sources.dropbox.ReleaseClient;
import io.skyroute.sources.dropbox.ReleaseDownloader;
import io.skyroute.sources.dropbox.ReleaseFile;
import io.skyroute.sources.dropbox.ReleaseSelection;
import io.skyroute.pipeline.AtomicFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code skyroute vast}: the VAST Pilot survey-release downloader (the seed's get_vast_pilot_dbx.py) over a Dropbox shared link. */
@Command(name = "vast", mixinStandardHelpOptions = true,
        description = {"Lists and downloads a VAST Pilot survey release from its Dropbox shared link (dropbox.cfg: shared_url, password,"
                + " access_token), with the original downloader's filters. Every download is verified against Dropbox's content hash"
                + " and, where the file list has one, the release MD5, and lands atomically.",
                "DROPBOX_API_HOST / DROPBOX_API_CONTENT_HOST (a host name or a base URL) move the API, as with the Python SDK."})
public class VastCommand implements Callable<Integer> {

    @Option(names = "--dropbox-config", defaultValue = "dropbox.cfg", paramLabel = "FILE",
            description = "dropbox.cfg (default: ${DEFAULT-VALUE} in the working directory).")
    Path dropboxConfig;

    @Option(names = "--write-template-dropbox-config", description = "Write a template dropbox.cfg to the --dropbox-config path and exit.")
    boolean writeTemplate;

    @Option(names = "--available-files", paramLabel = "FILE", description = "Use this file list (path size content_hash [md5]) instead of listing the release.")
    Path availableFiles;

    @Option(names = "--get-available-files", arity = "0..1", fallbackValue = "dropbox_files.txt", paramLabel = "FILE",
            description = "List the release (all folders, all pages) into FILE (default dropbox_files.txt) and exit.")
    Path getAvailableFiles;

    @Option(names = "--available-epochs", description = "Print the epochs of the release and exit.")
    boolean availableEpochs;

    @Option(names = "--only-epochs", split = ",", paramLabel = "E", description = "Epochs, e.g. 1,2,4x.")
    List<String> onlyEpochs = List.of();

    @Option(names = "--only-fields", split = ",", paramLabel = "FIELD", description = "Fields, e.g. VAST_0918+00A.")
    List<String> onlyFields = List.of();

    @Option(names = "--find-fields-input", paramLabel = "CSV", description = "Fields from a CSV's field_name column.")
    Path findFieldsInput;

    @Option(names = {"--user-files-list", "--files-list"}, paramLabel = "FILE",
            description = "Only the files this text file lists (release paths or names, one per line).")
    Path userFilesList;

    @Option(names = "--stokes", split = ",", paramLabel = "S", description = "Stokes parameters, e.g. I,V.")
    List<String> stokes = List.of();

    @Option(names = "--skip-xml") boolean skipXml;
    @Option(names = "--skip-txt") boolean skipTxt;
    @Option(names = "--skip-qc") boolean skipQc;
    @Option(names = "--skip-components") boolean skipComponents;
    @Option(names = "--skip-islands") boolean skipIslands;
    @Option(names = "--skip-field-images") boolean skipFieldImages;
    @Option(names = "--skip-bkg-images") boolean skipBkgImages;
    @Option(names = "--skip-rms-images") boolean skipRmsImages;
    @Option(names = "--skip-all-images") boolean skipAllImages;
    @Option(names = "--combined-only") boolean combinedOnly;
    @Option(names = "--tile-only") boolean tileOnly;
    @Option(names = "--include-legacy", description = "Also the legacy releases under /LEGACY.") boolean includeLegacy;

    @Option(names = "--legacy-download", paramLabel = "vX", description = "Only the legacy release vX (e.g. v0.6).")
    String legacyDownload;

    @Option(names = "--output", defaultValue = "vast_dropbox", paramLabel = "DIR", description = "Where the release tree is mirrored (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--download", description = "Download the selected files (without it the filters only select and count, as the original did).")
    boolean download;

    @Option(names = "--dry-run", description = "List the selected files and download nothing.") boolean dryRun;
    @Option(names = "--overwrite", description = "Fetch files that are already there (otherwise they are checked and fetched only if bad).") boolean overwrite;

    @Option(names = "--max-retries", defaultValue = "2",
            description = "Rounds of retries, after the main loop, for files that failed or did not verify (default: ${DEFAULT-VALUE}).")
    int maxRetries;

    @Option(names = "--download-threads", defaultValue = "1", description = "Files downloaded at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--debug", description = "Debug logging.") boolean debug;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (writeTemplate) {
            AtomicFiles.write(new java.io.ByteArrayInputStream(("# VAST Pilot release on Dropbox\n[dropbox]\nshared_url = \n"
                    + "password_envvar = VAST_DROPBOX_PASSWORD\naccess_token_envvar = VAST_DROPBOX_TOKEN\n").getBytes()), dropboxConfig);
            out.println("wrote " + dropboxConfig);
            out.flush();
            return 0;
        }
        Path logs = Files.createDirectories(output.toAbsolutePath().getParent().resolve("logs"));
        Logging.logToFilesIn(logs);
        Path runLog = logs.resolve("vast-" + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")) + ".log");
        try (AutoCloseable run = Logging.logRunTo(runLog)) {
            org.slf4j.LoggerFactory.getLogger(VastCommand.class).info("skyroute vast run, log {}", runLog);
            return run(out);
        }
    }

    private int run(PrintWriter out) throws Exception {
        if (debug) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.skyroute")).setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
        List<ReleaseFile> files = availableFiles != null ? FileList.read(availableFiles) : client().list("");
        if (getAvailableFiles != null) {
            try (Writer writer = Files.newBufferedWriter(getAvailableFiles)) {
                FileList.write(writer, files);
            }
            out.println(files.size() + " file(s) listed -> " + getAvailableFiles);
            out.flush();
            return 0;
        }
        if (availableEpochs) {
            Set<String> epochs = new TreeSet<>();
            files.forEach(f -> {
                String first = f.path().split("/")[1];
                if (first.startsWith("EPOCH")) {
                    epochs.add(first);
                }
            });
            epochs.forEach(out::println);
            out.flush();
            return 0;
        }
        List<ReleaseFile> selected = files.stream().filter(ReleaseSelection.of(filters())).toList();
        long bytes = selected.stream().mapToLong(f -> Math.max(0, f.size())).sum();
        out.printf("%d of %d file(s) selected (%.1f MB)%n", selected.size(), files.size(), bytes / 1e6);
        if (dryRun || !download) {
            if (dryRun) {
                selected.forEach(f -> out.println("  " + f.path()));
            } else {
                out.println("nothing downloaded: add --download to fetch the selected files (--dry-run lists them)");
            }
            out.flush();
            return 0;
        }
        ProgressBar progress = ProgressBar.onTerminal();
        ReleaseDownloader.Result result = new ReleaseDownloader(client(), threads, maxRetries)
                .download(selected, output, overwrite, done -> progress.show(done, selected.size(), "files"));
        progress.finish();
        result.problems().forEach(p -> out.println("  " + p));
        out.printf("downloaded %d, already there and verified %d, failed %d -> %s%n", result.downloaded(), result.alreadyThere(),
                result.failed(), output);
        out.flush();
        return result.failed() == 0 ? 0 : 1;
    }

    private ReleaseSelection.Filters filters() throws Exception {
        Set<String> fields = new HashSet<>(onlyFields);
        if (findFieldsInput != null) {
            try (Reader in = Files.newBufferedReader(findFieldsInput);
                 CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                if (!csv.getHeaderMap().containsKey("field_name")) {
                    throw new IllegalArgumentException(findFieldsInput + ": no field_name column");
                }
                csv.forEach(r -> fields.add(r.get("field_name").trim()));
            }
        }
        Set<String> userFiles = new HashSet<>();
        if (userFilesList != null) {
            Files.readAllLines(userFilesList).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(userFiles::add);
        }
        return new ReleaseSelection.Filters(ReleaseSelection.epochs(onlyEpochs), fields, userFiles, new HashSet<>(stokes), skipXml, skipTxt,
                skipQc, skipComponents, skipIslands, skipFieldImages, skipBkgImages, skipRmsImages, skipAllImages, combinedOnly, tileOnly,
                includeLegacy, legacyDownload);
    }

    private ReleaseClient client() {
        return ReleaseClient.fromConfig(dropboxConfig, Secrets.fromSystemEnvironment(), "skyroute/" + SoftwareVersion.get());
    }
}
