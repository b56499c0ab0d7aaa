package io.skyroute.tom;

import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.Secret;
import io.skyroute.config.Secrets;
import io.skyroute.config.TomConfig;
import io.skyroute.ledger.UploadLedger;
import io.skyroute.pipeline.PermanentFailure;

import io.skyroute.config.HttpLimitsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link TomDelivery} per TOM configuration file ({@code tom_config.yaml}): the daemon's own, or the
 * one a dataset names in {@code tom.config_file}. The password comes from the environment variable the
 * file names ({@code tom_password_envvar}); the seed's plain {@code tom_password} is accepted (the
 * configuration check warns about it).
 */
public final class TomConnections implements AutoCloseable {

    private final Path defaultConfig;
    private final ConfigLoader loader;
    private final Secrets secrets;
    private final UploadLedger ledger;
    private final Duration timeout;
    private final HttpLimitsConfig limits;
    private final Map<Path, TomDelivery> deliveries = new ConcurrentHashMap<>();
    private final Map<Path, TomClient> clients = new ConcurrentHashMap<>();

    public TomConnections(Path defaultConfig, ConfigLoader loader, Secrets secrets, UploadLedger ledger, Duration timeout,
                          HttpLimitsConfig limits) {
        this.limits = limits;
        this.defaultConfig = defaultConfig;
        this.loader = loader;
        this.secrets = secrets;
        this.ledger = ledger;
        this.timeout = timeout;
    }

    /** The delivery for a TOM configuration file, or the daemon's when {@code configFile} is null. */
    public TomDelivery delivery(Path configFile) {
        Path file = configFile != null ? configFile : defaultConfig;
        if (file == null) {
            throw new PermanentFailure("tom.upload is on but no TOM is configured (skyroute.yaml: tom, or the dataset's tom.config_file)");
        }
        return deliveries.computeIfAbsent(file.toAbsolutePath().normalize(), f -> {
            TomConfig config = loader.load(f, ConfigKind.TOM, TomConfig.class);
            Secret password;
            if (config.tomPasswordEnvvar() != null) {
                password = secrets.require(config.tomPasswordEnvvar(), f.getFileName() + ": tom_password_envvar");
            } else {
                org.slf4j.LoggerFactory.getLogger(TomConnections.class).warn("{}: tom_password is written in the file; put it in an"
                        + " environment variable and name that in tom_password_envvar instead", f);
                password = Secrets.plain(config.tomPassword(), f.getFileName() + ": tom_password");
            }
            TomClient client = new TomClient(config.url(), config.tomUserId(), password, timeout, limits);
            clients.put(f.toAbsolutePath().normalize(), client);
            return new TomDelivery(client, ledger);
        });
    }

    /** The client of the daemon's own TOM (skyroute.yaml: tom), made on first use. */
    public TomClient defaultClient() {
        if (defaultConfig == null) {
            throw new IllegalStateException("no TOM is configured (skyroute.yaml: tom)");
        }
        delivery(null);
        return clients.get(defaultConfig.toAbsolutePath().normalize());
    }

    @Override
    public void close() throws Exception {
        for (TomClient client : clients.values()) {
            client.close();
        }
    }
}
