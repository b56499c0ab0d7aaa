package io.skyroute.app;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.StartupListener;

import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Serves the analysis dashboard's folder at {@code /dashboard/} on the management server, behind the
 * same authentication as the rest of it (its handler is added after the server's own, which cover "/*").
 * Read-only, no directory listing, no caching (pages change as lightcurves arrive).
 */
final class DashboardServing implements CamelConfiguration {

    static final String PATH = "/dashboard";

    private final Path folder;

    DashboardServing(Path folder) {
        this.folder = folder;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Files.createDirectories(folder);
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext camel, boolean alreadyStarted) {
                // the management server is up only once the context is fully started
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext camel, boolean alreadyStarted) {
                ManagementHttpServer server = camel.hasService(ManagementHttpServer.class);
                if (server == null || server.getRouter() == null) {
                    return;
                }
                var router = server.getRouter();
                // Vert.x matches "/dashboard" for "/dashboard/" too: redirect only the bare path
                router.route(HttpMethod.GET, PATH).handler(rc -> {
                    if (rc.request().path().equals(PATH)) {
                        rc.redirect(PATH + "/");
                    } else {
                        rc.next();
                    }
                });
                router.route(HttpMethod.GET, PATH + "/*").handler(DashboardServing.this::guard).handler(StaticHandler.create(FileSystemAccess.ROOT, folder.toString())
                        .setCachingEnabled(false).setDirectoryListing(false).setIncludeHidden(false).setIndexPage("index.html"));
            }
        });
    }

    /**
     * Headers that keep a page from running anything but the dashboard's own script files or being framed, and a
     * 404 for a path that leaves the folder through a symbolic link (Vert.x's static handler would follow it).
     */
    private void guard(RoutingContext rc) {
        rc.response().putHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none';"
                        + " frame-ancestors 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
                .putHeader("X-Content-Type-Options", "nosniff").putHeader("X-Frame-Options", "DENY").putHeader("Referrer-Policy", "no-referrer");
        if (!insideFolder(rc.normalizedPath().substring(PATH.length()))) {
            rc.fail(404);
            return;
        }
        rc.next();
    }

    /** Whether the request's file, with every link resolved, is in the dashboard's folder (a missing file is, for the 404 to follow). */
    boolean insideFolder(String requestPath) {
        String decoded;
        try {
            decoded = URLDecoder.decode(requestPath.replace("+", "%2B"), StandardCharsets.UTF_8);  // a '+' in a path is a plus
        } catch (IllegalArgumentException e) {
            return false;
        }
        Path wanted = folder.resolve(decoded.replaceFirst("^/+", "")).normalize();
        if (!wanted.startsWith(folder)) {
            return false;
        }
        try {
            Path root = folder.toRealPath();
            return !Files.exists(wanted, LinkOption.NOFOLLOW_LINKS) || wanted.toRealPath().startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }
}
