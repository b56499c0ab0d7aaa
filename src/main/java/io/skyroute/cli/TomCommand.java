package io.skyroute.cli;

import io.skyroute.config.Redaction;

import io.skyroute.config.ConfigLoader;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.UploadLedger;
import io.skyroute.tom.TomDelivery;
import io.skyroute.tom.TomRoutes;
import io.skyroute.tom.UploadRequest;
import io.skyroute.tom.UploadRequests;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code skyroute tom upload|status}: the seed's upload_lcs_to_tom.py, through the daemon's route and upload ledger. */
@Command(name = "tom", mixinStandardHelpOptions = true, description = "Delivers lightcurves to the TOM and shows the upload ledger.",
        subcommands = {TomCommand.Upload.class, TomCommand.Status.class})
public class TomCommand {

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = {"Delivers the lightcurves of dataset folders (their *_lc.csv) or given lightcurve files to the TOM, exactly once:"
                    + " unchanged versions are not sent again, a new version replaces the dataset's previous product.",
                    "The target and data label come from each dataset's reduction_config.yaml; exit code 1 when a delivery failed."})
    static class Upload implements Callable<Integer> {

        @Parameters(paramLabel = "DIR-OR-CSV", arity = "1..*", description = "Dataset folders, or lightcurve CSV files inside them.")
        List<Path> inputs;

        @Option(names = "--tom-config", paramLabel = "FILE", description = "tom_config.yaml to use (default: the dataset's tom.config_file, else skyroute.yaml's tom).")
        Path tomConfig;

        @Mixin
        ConfigOption configOption;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            UploadRequests requests = new UploadRequests(new ConfigLoader(Map.of()));
            PrintWriter out = spec.commandLine().getOut();
            int failed = 0;
            try (OneShotSession session = OneShotSession.open(configOption)) {
                for (Path input : inputs) {
                    Optional<UploadRequest> request = Files.isDirectory(input) ? requests.forDataset(input)
                            : Optional.of(requests.forLightcurve(input.toAbsolutePath().getParent(), input.toAbsolutePath()));
                    if (request.isEmpty()) {
                        out.println(input + ": no *_lc.csv lightcurve yet; nothing to deliver");
                        continue;
                    }
                    UploadRequest r = tomConfig == null ? request.get()
                            : new UploadRequest(request.get().dataset(), request.get().lightcurve(), request.get().target(), request.get().label(), tomConfig);
                    Exchange result = session.template().request(TomRoutes.UPLOAD, e -> e.getIn().setBody(r));
                    Throwable failure = result.getException() != null ? result.getException()
                            : result.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                    if (failure != null || !(result.getMessage().getBody() instanceof TomDelivery.Outcome outcome)) {
                        out.println(r.lightcurve() + ": FAILED: " + (failure == null ? "no result" : Redaction.redact(failure.getMessage())));
                        failed++;
                    } else {
                        out.printf("%s: %s (TOM product %d, target %s, label %s%s)%n", r.lightcurve(), outcome.action(), outcome.productPk(),
                                r.target(), r.label(), outcome.deleted().isEmpty() ? "" : ", replaced " + outcome.deleted());
                    }
                }
            }
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Lists the upload ledger: each lightcurve version, its TOM product and state.")
    static class Status implements Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ConfigLoader loader = ConfigLoader.fromSystemEnvironment();
            SkyrouteConfig config = configOption.load(loader);
            PrintWriter out = spec.commandLine().getOut();
            try (LedgerDatabase ledger = LedgerDatabase.connect(config.database(), Secrets.fromSystemEnvironment()).openForCommand()) {
                List<UploadLedger.Entry> entries = new UploadLedger(ledger).all();
                out.printf("%-10s %5s %8s  %-40s %s%n", "STATE", "TRIES", "PRODUCT", "PRODUCT ID", "DATASET");
                for (UploadLedger.Entry e : entries) {
                    out.printf("%-10s %5d %8s  %-40s %s%n", e.status(), e.tries(), e.tomProductPk() == null ? "-" : e.tomProductPk(),
                            e.productId(), e.datasetPath());
                }
                out.printf("%d upload(s)%n", entries.size());
            }
            out.flush();
            return 0;
        }
    }
}
