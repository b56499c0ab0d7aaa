package io.skyroute.sources.local;

import io.skyroute.ops.ErrorPolicies;
import io.skyroute.sources.LandedFrameRoutes;
import org.apache.camel.builder.RouteBuilder;

/**
 * Route {@code local-drop}: files put into the drop folder are taken once they have stopped growing,
 * landed in the download folder and recorded in the frame list (source {@code local}).
 * Dot-files (temporary names) are never taken.
 */
public class LocalDropRoutes extends RouteBuilder {

    public static final String SOURCE = "local";

    @Override
    public void configure() {
        from("file:{{skyroute.drop.folder}}?noop=true&idempotent=false&readLock=changed"
                + "&readLockMinAge={{skyroute.drop.min-age-ms:1000}}&readLockCheckInterval=250&delay={{skyroute.drop.poll-ms:1000}}")
                .routeId("local-drop")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(new LocalDropLanding("{{skyroute.download-dir}}")).id("local-drop-land")
                .log("Landed ${header.SkyrouteFramePath} from the drop folder (${header.SkyrouteArrival})")
                .to(LandedFrameRoutes.LANDED);
    }
}
