package io.skyroute.ops.hawtio;

import io.skyroute.config.HawtioConfig;
import io.skyroute.ops.ManagementAccess;
import io.skyroute.ops.ManagementGuard;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.webapp.WebAppContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.security.auth.login.Configuration;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The Hawtio console inside the daemon's JVM: Hawtio's war on an embedded Jetty at
 * {@code http://host:port/hawtio}, its Jolokia forwarded to the daemon's {@code /observe/jolokia}
 * (see {@link JolokiaForwarding}), its logging sent to the daemon's log, and, when the management server has
 * users, its log-in checked against them.
 */
public final class HawtioConsole extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HawtioConsole.class);

    private final HawtioConfig config;
    private final Path war;
    private final URI jolokia;
    private final ManagementAccess access;
    private final Path workDir;
    private final java.util.List<String> allowedHosts;
    private Server server;

    /**
     * @param jolokia the daemon's Jolokia, e.g. http://127.0.0.1:8081/observe/jolokia
     * @param workDir where Jetty unpacks the war (under the data folder)
     */
    public HawtioConsole(HawtioConfig config, Path war, URI jolokia, ManagementAccess access, Path workDir, java.util.List<String> allowedHosts) {
        this.config = config;
        this.war = war;
        this.jolokia = jolokia;
        this.access = access;
        this.workDir = workDir;
        this.allowedHosts = allowedHosts;
    }

    /** The war: the configured one, else {@code lib/hawtio.war} beside the jar this class was loaded from. */
    public static Path defaultWar() {
        try {
            Path jar = Path.of(HawtioConsole.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return (Files.isDirectory(jar) ? jar.getParent() : jar.getParent()).resolve("lib").resolve("hawtio.war");
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of("lib", "hawtio.war");
        }
    }

    @Override
    protected void doStart() throws Exception {
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("Hawtio's war is not at " + war + " (management.hawtio.war names another)");
        }
        configureHawtio();
        Files.createDirectories(workDir);
        WebAppContext console = new WebAppContext();
        console.setContextPath("/hawtio");
        console.setWar(war.toString());
        console.setTempDirectory(workDir.toFile());
        console.setOverrideDescriptor(HawtioConsole.class.getResource("/hawtio/override-web.xml").toExternalForm());
        // the war's own SLF4J binding (log4j) would print to the console: its classes use the daemon's logback instead
        console.getSystemClassMatcher().add("org.slf4j.");
        console.setAttribute(JolokiaForwarding.TARGET, jolokia);
        console.setAttribute(JolokiaForwarding.AUTHORIZATION, "Basic " + Base64.getEncoder().encodeToString(
                (access.console().name() + ":" + access.console().password().reveal()).getBytes(StandardCharsets.UTF_8)));
        server = new Server(new InetSocketAddress(config.host(), config.port()));
        // the same Host and Origin rules as the management server's, before Hawtio sees the request
        ManagementGuard guard = new ManagementGuard(config.host(), config.port(), allowedHosts, "/hawtio/jolokia");
        HandlerWrapper guarded = new HandlerWrapper() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
                var refusal = guard.check(request.getMethod(), request.getHeader("Host"), request.getHeader("Origin"), request.getRequestURI(),
                        request.getParameter("p"));
                if (refusal.isPresent()) {
                    base.setHandled(true);
                    response.sendError(refusal.get().status(), refusal.get().reason());
                    return;
                }
                super.handle(target, base, request, response);
            }
        };
        guarded.setHandler(console);
        server.setHandler(guarded);
        server.setStopAtShutdown(false); // Camel stops it with the context
        server.start();
        if (console.getUnavailableException() != null) {
            throw new IllegalStateException("Hawtio did not start: " + console.getUnavailableException().getMessage(),
                    console.getUnavailableException());
        }
        LOG.info("Hawtio console at http://{}:{}/hawtio ({})", config.host(), config.port(),
                access.required() ? "log in as a management user" : "no log-in: loopback only");
    }

    /** Hawtio reads its settings from system properties: the log-in, and no proxy to other JVMs. */
    private void configureHawtio() {
        System.setProperty("hawtio.disableProxy", "true");
        System.setProperty("hawtio.authenticationEnabled", String.valueOf(access.required()));
        if (access.required()) {
            System.setProperty("hawtio.realm", ConsoleLogin.REALM);
            System.setProperty("hawtio.roles", ConsoleLogin.ROLE);
            System.setProperty("hawtio.rolePrincipalClasses", ConsoleLogin.RolePrincipal.class.getName());
            Configuration previous;
            try {
                previous = Configuration.getConfiguration();
            } catch (SecurityException none) {
                previous = null;
            }
            Configuration.setConfiguration(ConsoleLogin.configuration(access, previous));
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
