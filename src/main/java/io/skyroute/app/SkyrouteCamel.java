package io.skyroute.app;

import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ops.ErrorPolicies;
import io.skyroute.sources.local.LocalDropRoutes;
import org.apache.camel.main.MainConfigurationProperties;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Assembles the one Camel context every entry point uses — the daemon, the CLI commands and the route
 * tests: name, JMX, the error-policy route configurations, the Java routes, the user's YAML routes
 * from {@code routes/}, the beans and placeholders from the configuration tree.
 */
public final class SkyrouteCamel {

    public static final String CONTEXT_NAME = "skyroute";

    private SkyrouteCamel() {
    }

    public static void configure(MainConfigurationProperties main, SkyrouteConfig config, LedgerDatabase ledger) {
        main.setName(CONTEXT_NAME);
        main.setJmxEnabled(config.management().jmx());
        main.setShutdownTimeout(config.management().shutdownTimeoutSeconds());
        main.setShutdownRoutesInReverseOrder(true);
        main.setUseMdcLogging(true);
        Path routes = config.routesDir().toAbsolutePath().normalize();
        if (Files.isDirectory(routes)) {
            main.setRoutesIncludePattern("file:" + routes + "/*.yaml");
        }
        main.health().setEnabled(true);
        main.health().setRoutesEnabled(true);
        main.health().setConsumersEnabled(true);
        if (config.management().httpPort() > 0) {
            main.httpManagementServer()
                    .withEnabled(true)
                    .withHost(config.management().httpHost())
                    .withPort(config.management().httpPort())
                    .withHealthCheckEnabled(true)
                    .withInfoEnabled(true);
        }
        main.addConfiguration(new SkyrouteBeans(config, ledger));
        main.addRoutesBuilder(new ErrorPolicies());
        if (config.drop().enabled()) {
            main.addRoutesBuilder(new LocalDropRoutes());
        }
    }
}
