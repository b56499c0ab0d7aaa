package io.skyroute.app;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.StartupListener;

import java.nio.file.Files;
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
                router.route(HttpMethod.GET, PATH + "/*").handler(StaticHandler.create(FileSystemAccess.ROOT, folder.toString())
                        .setCachingEnabled(false).setDirectoryListing(false).setIncludeHidden(false).setIndexPage("index.html"));
            }
        });
    }
}
