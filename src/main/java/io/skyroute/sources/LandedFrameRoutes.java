package io.skyroute.sources;

import io.skyroute.pipeline.Handoffs;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Route {@code sources-landed}: where every source hands a frame once it has landed (verified,
 * renamed into place, recorded). Sorting by FITS header ({@code sort-frame}) takes over from here.
 */
public class LandedFrameRoutes extends RouteBuilder {

    public static final String LANDED = Handoffs.FRAME_LANDED;

    private final boolean sort;

    /** @param sort whether landed frames go on to sorting (off: they stay in the download folder) */
    public LandedFrameRoutes(boolean sort) {
        this.sort = sort;
    }

    @Override
    public void configure() {
        var route = from(LANDED)
                .routeId("sources-landed").routeGroup("sources")
                .log(LoggingLevel.DEBUG, "Frame landed: ${header." + Handoffs.PATH + "} (source ${header." + Handoffs.SOURCE + "})");
        if (sort) {
            route.to(Handoffs.SORT_FRAME);
        }
    }
}
