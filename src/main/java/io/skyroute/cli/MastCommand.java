package io.skyroute.cli;

import io.skyroute.app.OneShotContext;
import io.skyroute.app.SkyrouteSetup;
import io.skyroute.app.Sources;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.FrameListRepository;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ops.Logging;
import io.skyroute.pipeline.PassReport;
import io.skyroute.sources.FrameSource;
import io.skyroute.sources.mast.MastSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code skyroute mast}: one pass of the MAST source (hstlc's {@code download_hstlc}): every product the
 * configured queries find and the frame list lacks is fetched into the time-tag ingest folder (the daemon
 * ingests it). {@code --dry-run} lists what would be fetched. The requests and answers are kept in
 * {@code mast.requests_dir} either way.
 */
@Command(name = "mast", mixinStandardHelpOptions = true,
        description = {"One pass over MAST (the 'mast' section of skyroute.yaml): fetches every time-tag product the ledger lacks"
                + " into the ingest folder, with a progress bar and a summary (hstlc's download_hstlc).",
                "Exit code 1 when any product or query failed."})
public class MastCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Option(names = "--dry-run", description = "List what would be fetched; fetch nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ConfigLoader loader = ConfigLoader.fromSystemEnvironment();
        SkyrouteConfig config = configOption.load(loader);
        if (config.mast() == null) {
            spec.commandLine().getErr().println("no 'mast' section in " + (configOption.file() == null ? "the configuration" : configOption.file())
                    + ": nothing to ask MAST (see config/skyroute.yaml)");
            return 2;
        }
        SkyrouteSetup setup = SkyrouteSetup.load(config, loader, Secrets.fromSystemEnvironment());
        DaemonFilesCheck.require(loader, config, configOption.file());
        Logging.logToFilesIn(config.logDir());
        ConfigNotices.log(loader);
        try (LedgerDatabase ledger = LedgerDatabase.connect(config.database(), setup.secrets()).openForCommand()) {
            if (dryRun) {
                MastSource source = Sources.mast(setup);
                FrameListRepository frameList = new FrameListRepository(ledger);
                List<FrameSource.Item> items = source.list(MastSource.NAME, false);
                List<FrameSource.Item> fresh = items.stream()
                        .filter(i -> !frameList.contains(FrameListRepository.key(i.feed(), i.naturalId(), i.checksum()))).toList();
                fresh.forEach(i -> out.println("would fetch " + i.fileName() + "  (" + i.description() + ", " + i.checksum().replace("size:", "")
                        + " bytes)"));
                out.printf("MAST dry run: %d product(s) found, %d new, nothing fetched; requests kept in %s%n", items.size(), fresh.size(),
                        config.mast().requestsDir());
                out.flush();
                return 0;
            }
            ProgressBar progress = ProgressBar.onTerminal();
            PassReport report = new PassReport(r -> progress.show(r.downloaded() + r.failed(), r.fresh(), "products"));
            try (OneShotContext camel = OneShotContext.start(setup, ledger)) {
                camel.request(MastSource.PASS, Map.of(PassReport.PROPERTY, report));
            } finally {
                progress.finish();
            }
            out.println("MAST pass: " + report + "; into " + config.timetag().ingestDir());
            out.flush();
            return report.succeeded() ? 0 : 1;
        }
    }
}
