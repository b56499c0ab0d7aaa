package io.skyroute.cli;

import io.skyroute.app.OneShotContext;
import io.skyroute.app.SkyrouteSetup;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ops.Logging;
import io.skyroute.pipeline.PassReport;
import io.skyroute.sources.lco.LcoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code skyroute download data_download.yaml}: one poll + download pass of the LCO archives, then exit. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Runs one poll + download pass over the archives of a data_download.yaml and exits,"
                + " printing found / new / downloaded / failed (the LCO pipeline's data_download.py).",
                "Uses the daemon's ledger, so frames already downloaded are never fetched again. Exit code 1 when"
                        + " any frame or archive failed."})
public class DownloadCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DATA_DOWNLOAD_YAML", description = "The LCO download configuration (seed format).")
    Path downloadFile;

    @Mixin
    ConfigOption configOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigLoader loader = ConfigLoader.fromSystemEnvironment();
        SkyrouteConfig config = configOption.load(loader);
        SkyrouteSetup setup = SkyrouteSetup.withDownload(config, downloadFile, loader, Secrets.fromSystemEnvironment());
        DaemonFilesCheck.require(loader, config, configOption.file());
        Logging.logToFilesIn(setup.download().logDir() != null ? setup.download().logDir() : config.logDir());
        ConfigNotices.log(loader);
        ProgressBar progress = ProgressBar.onTerminal();
        PassReport report = new PassReport(r -> progress.show(r.downloaded() + r.failed(), r.fresh(), "frames"));
        try (LedgerDatabase ledger = LedgerDatabase.connect(config.database(), setup.secrets()).openForCommand();
             OneShotContext camel = OneShotContext.start(setup, ledger)) {
            camel.request(LcoSource.PASS, Map.of(PassReport.PROPERTY, report));
        } finally {
            progress.finish();
        }
        spec.commandLine().getOut().println("Download pass: " + report);
        spec.commandLine().getOut().flush();
        return report.succeeded() ? 0 : 1;
    }
}
