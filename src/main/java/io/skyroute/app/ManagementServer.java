package io.skyroute.app;

import io.skyroute.config.ManagementConfig;
import io.skyroute.ops.ManagementAccess;
import io.skyroute.ops.hawtio.HawtioConsole;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.support.service.ServiceSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Camel's management HTTP server as skyroute runs it: on {@code management.http_host:http_port} under
 * {@code /observe} with health (and /live, /ready), info, Prometheus metrics and Jolokia (restricted by the
 * {@code jolokia-access.xml} on the class path); with users configured, every request needs one of them
 * (Basic authentication from a users file written at start, readable by the owner only, deleted at stop).
 */
final class ManagementServer implements CamelConfiguration {

    static final String PATH = "/observe";

    private final Path usersFile;
    private final HawtioConsole hawtio;

    private ManagementServer(Path usersFile, HawtioConsole hawtio) {
        this.usersFile = usersFile;
        this.hawtio = hawtio;
    }

    /** Turns on metrics and, unless its port is 0, the server; returns what deletes the users' file when the daemon stops. */
    static ManagementServer configure(MainConfigurationProperties main, ManagementConfig management, ManagementAccess access, Path dataDir) {
        if (management.httpPort() == 0) {
            return new ManagementServer(null, null);
        }
        main.metrics().withEnabled(true).withEnableRoutePolicy(true).withEnableExchangeEventNotifier(true).witheEnableRouteEventNotifier(true);
        var server = main.httpManagementServer().withEnabled(true).withHost(management.httpHost()).withPort(management.httpPort())
                .withHealthCheckEnabled(true).withInfoEnabled(true).withMetricsEnabled(true).withJolokiaEnabled(true);
        Path usersFile = null;
        if (access.required()) {
            try {
                usersFile = access.writeServerUsers(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the management server's users file in " + dataDir, e);
            }
            server.withAuthenticationEnabled(true).withAuthenticationRealm("skyroute").withBasicPropertiesFile(usersFile.toString());
        }
        HawtioConsole hawtio = null;
        if (management.hawtio().enabled()) {
            Path war = management.hawtio().war() != null ? management.hawtio().war() : HawtioConsole.defaultWar();
            hawtio = new HawtioConsole(management.hawtio(), war, management.address().resolve(PATH + "/jolokia"), access,
                    dataDir.resolve(".hawtio"));
        }
        return new ManagementServer(usersFile, hawtio);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        if (hawtio != null) {
            context.addService(hawtio, true, true);
        }
        if (usersFile == null) {
            return;
        }
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws IOException {
                Files.deleteIfExists(usersFile);
            }
        }, true, true);
    }
}
