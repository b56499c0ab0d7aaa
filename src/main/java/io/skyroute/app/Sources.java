package io.skyroute.app;

import io.skyroute.config.DataDownloadConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.sources.FrameSource;
import io.skyroute.sources.HttpDownloader;
import io.skyroute.sources.dropbox.DropboxSource;
import io.skyroute.sources.dropbox.ReleaseClient;
import io.skyroute.sources.lco.ArchiveStates;
import io.skyroute.sources.lco.LcoArchiveClient;
import io.skyroute.sources.lco.LcoOperations;
import io.skyroute.sources.lco.LcoSource;
import io.skyroute.sources.mast.MastClient;
import io.skyroute.sources.mast.MastSource;
import io.skyroute.config.MastConfig;
import io.skyroute.config.Secret;
import org.apache.camel.CamelConfiguration;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The polled sources the configuration names, each an adapter of the source template
 * ({@link io.skyroute.sources.SourceRoutes}). Adding a source is an adapter class, its section in the
 * configuration, and one line in {@link #configured}.
 */
public final class Sources {

    /** A configured source and what watches it (health checks, MBeans), if anything. */
    record Registered(FrameSource source, List<CamelConfiguration> operations) {
    }

    private Sources() {
    }

    static List<Registered> configured(SkyrouteSetup setup, LedgerDatabase ledger) {
        List<Registered> sources = new ArrayList<>();
        if (setup.download() != null) {
            sources.add(lco(setup, ledger));
        }
        if (setup.daemon().dropbox() != null) {
            sources.add(new Registered(dropbox(setup), List.of()));
        }
        if (setup.daemon().mast() != null) {
            sources.add(new Registered(mast(setup), List.of()));
        }
        return sources;
    }

    private static Registered lco(SkyrouteSetup setup, LedgerDatabase ledger) {
        DataDownloadConfig download = setup.download();
        Duration timeout = Duration.ofSeconds(download.httpTimeoutSeconds());
        Map<String, LcoArchiveClient> clients = new LinkedHashMap<>();
        for (DataDownloadConfig.ArchiveConfig archive : download.activeArchives()) {
            clients.put(archive.id(), new LcoArchiveClient(archive.id(), archive.url(), setup.archiveTokens().get(archive.id()), timeout,
                    setup.daemon().http()));
        }
        ArchiveStates states = new ArchiveStates();
        LcoSource source = new LcoSource(download, clients, states, new HttpDownloader(timeout, download.maxParallelDownloads(), setup.daemon().http()),
                new io.skyroute.ledger.FrameLedger(ledger), setup.clock());
        return new Registered(source, List.of(new LcoOperations(states, clients,
                Duration.ofSeconds(setup.daemon().management().reachabilityCheckSeconds()))));
    }

    /** The MAST source the configuration describes (also for {@code skyroute mast --dry-run}, outside Camel). */
    public static MastSource mast(SkyrouteSetup setup) {
        MastConfig mast = setup.daemon().mast();
        Secret token = mast.tokenEnvvar() == null ? null : setup.secrets().require(mast.tokenEnvvar(), "mast.token_envvar");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.min(30, mast.httpTimeoutSeconds())))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new MastSource(mast, new MastClient(mast, token, http, setup.daemon().http()),
                new HttpDownloader(Duration.ofSeconds(mast.httpTimeoutSeconds()), mast.parallelDownloads(), setup.daemon().http()), setup.daemon().timetag().ingestDir().toAbsolutePath().normalize(), setup.clock());
    }

    private static DropboxSource dropbox(SkyrouteSetup setup) {
        ReleaseClient client = ReleaseClient.fromConfig(setup.daemon().dropbox(), setup.secrets(), "skyroute/" + SoftwareVersion.get());
        Path downloads = setup.daemon().dataDir().toAbsolutePath().normalize().resolve("downloads").resolve(DropboxSource.NAME);
        return new DropboxSource(client, f -> true, downloads);
    }
}
