package io.skyroute.sources;

import org.apache.camel.builder.RouteBuilder;

/**
 * Route {@code sources-landed}: where every source hands a frame once it has landed (verified,
 * renamed into place, recorded). Sorting by FITS header takes over from here.
 */
public class LandedFrameRoutes extends RouteBuilder {

    public static final String LANDED = "direct:frame-landed";

    @Override
    public void configure() {
        from(LANDED)
                .routeId("sources-landed")
                .log("Frame landed: ${header." + FrameHeaders.PATH + "} (source ${header." + FrameHeaders.SOURCE + "})");
    }
}
