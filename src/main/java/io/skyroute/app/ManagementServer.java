package io.skyroute.app;

import io.skyroute.config.ManagementConfig;
import io.skyroute.ops.LoginThrottle;
import io.skyroute.ops.ManagementAccess;
import io.skyroute.ops.ManagementGuard;
import io.skyroute.ops.hawtio.HawtioConsole;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.support.LifecycleStrategySupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Camel's management HTTP server as skyroute runs it: on {@code management.http_host:http_port} under
 * {@code /observe} with health (and /live, /ready), info, Prometheus metrics and Jolokia (restricted by the
 * {@code jolokia-access.xml} on the class path). Every request first passes the {@link ManagementGuard} (its Host,
 * its Origin, Jolokia's exec and write by POST only) and, with users configured, needs one of them (HTTP Basic,
 * checked in memory against {@link ManagementAccess}; wrong passwords slowed by a {@link LoginThrottle}). The guard
 * is the server's authentication handler, so it is in place before the server takes its first request.
 */
final class ManagementServer implements CamelConfiguration {

    static final String PATH = "/observe";
    /** What older versions wrote for the server's Basic authentication; removed at start if a kill left it. */
    static final String OLD_USERS_FILE = ".management-users.properties";

    private final ManagementGuard guard;
    private final ManagementAccess access;
    private final LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());
    private final HawtioConsole hawtio;

    private ManagementServer(ManagementGuard guard, ManagementAccess access, HawtioConsole hawtio) {
        this.guard = guard;
        this.access = access;
        this.hawtio = hawtio;
    }

    /** Turns on metrics and, unless its port is 0, the server. */
    static ManagementServer configure(MainConfigurationProperties main, ManagementConfig management, ManagementAccess access, Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(OLD_USERS_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the plain-text users file an older version left in " + dataDir, e);
        }
        if (management.httpPort() == 0) {
            return new ManagementServer(null, access, null);
        }
        main.metrics().withEnabled(true).withEnableRoutePolicy(true).withEnableExchangeEventNotifier(true).witheEnableRouteEventNotifier(true);
        main.httpManagementServer().withEnabled(true).withHost(management.httpHost()).withPort(management.httpPort())
                .withHealthCheckEnabled(true).withInfoEnabled(true).withMetricsEnabled(true).withJolokiaEnabled(true);
        HawtioConsole hawtio = null;
        if (management.hawtio().enabled()) {
            Path war = management.hawtio().war() != null ? management.hawtio().war() : HawtioConsole.defaultWar();
            hawtio = new HawtioConsole(management.hawtio(), war, management.address().resolve(PATH + "/jolokia"), access,
                    dataDir.resolve(".hawtio"), management.allowedHosts());
        }
        return new ManagementServer(new ManagementGuard(management.httpHost(), management.httpPort(), management.allowedHosts(), PATH + "/jolokia"),
                access, hawtio);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        if (hawtio != null) {
            context.addService(hawtio, true, true);
        }
        if (guard == null) {
            return;
        }
        ManagementHttpServer added = context.hasService(ManagementHttpServer.class);
        if (added != null) {
            install(added);
        } else {
            context.addLifecycleStrategy(new LifecycleStrategySupport() {
                @Override
                public void onServiceAdd(CamelContext camel, Service service, org.apache.camel.Route route) {
                    if (service instanceof ManagementHttpServer server) {
                        install(server);
                    }
                }
            });
        }
    }

    /** The guard as the server's one authentication entry, for every path (Camel's own Basic handler needs a users file). */
    private void install(ManagementHttpServer server) {
        AuthenticationConfig authentication = server.getConfiguration().getAuthenticationConfig();
        AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
        entry.setPath("/*");
        entry.setAuthenticationProviderFactory(vertx -> null);  // the guard checks the users itself
        entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T none) {
                return ManagementServer.this::handle;
            }
        });
        authentication.getEntries().clear();
        authentication.getEntries().add(entry);
        authentication.setEnabled(true);
    }

    private void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String host = request.getHeader("Host") != null ? request.getHeader("Host") : request.authority() == null ? null : request.authority().toString();
        var refusal = guard.check(request.method().name(), host, request.getHeader("Origin"), rc.normalizedPath(), request.getParam("p"));
        if (refusal.isPresent()) {
            rc.response().setStatusCode(refusal.get().status()).putHeader("Content-Type", "text/plain; charset=utf-8").end(refusal.get().reason() + "\n");
            return;
        }
        if (!access.required()) {
            rc.next();
            return;
        }
        String client = request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
        Duration wait = throttle.waitFor(client);
        if (!wait.isZero()) {
            rc.response().setStatusCode(429).putHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)))
                    .putHeader("Content-Type", "text/plain; charset=utf-8").end("too many wrong passwords from " + client + ": try again later\n");
            return;
        }
        String[] credentials = basic(request.getHeader("Authorization"));
        if (credentials == null) {
            unauthorised(rc);
            return;
        }
        if (access.acceptsOnServer(credentials[0], credentials[1].toCharArray())) {
            throttle.succeeded(client);
            rc.next();
        } else {
            throttle.failed(client);
            unauthorised(rc);
        }
    }

    private static void unauthorised(RoutingContext rc) {
        rc.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"skyroute\"").end();
    }

    /** The user and password of a Basic Authorization header, or null when there is none or it is not one. */
    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : new String[]{pair.substring(0, colon), pair.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
