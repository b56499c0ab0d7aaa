package io.skyroute.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code listings}: DEGRADED while the latest listing of some source's feed failed for good (dead-lettered after its
 * tries: an archive down, refusing, or answering past the bounds of {@code http}), so an outage never reads as "nothing
 * new". Cleared by the feed's next good listing. Like {@code datasets}, it stays UP in Camel's terms (an archive away is
 * no reason to restart the daemon) and is a readiness check.
 */
public class ListingHealthCheck extends AbstractHealthCheck {

    public static final String BEAN = "skyrouteListings";

    private record Failure(String reason, Instant at) {
    }

    private final Map<String, Failure> failed = new ConcurrentHashMap<>();

    public ListingHealthCheck() {
        super("skyroute", "listings");
    }

    /** The context's instance, made, bound and registered with its health checks on first use (by the source template). */
    public static synchronized ListingHealthCheck registerIn(CamelContext context) {
        ListingHealthCheck bound = context.getRegistry().lookupByNameAndType(BEAN, ListingHealthCheck.class);
        if (bound != null) {
            return bound;
        }
        ListingHealthCheck check = new ListingHealthCheck();
        context.getRegistry().bind(BEAN, check);
        HealthCheckRegistry now = HealthCheckRegistry.get(context);
        if (now != null) {
            now.register(check);
            return check;
        }
        try {  // the health registry may exist only once the context starts
            context.addStartupListener((camel, alreadyStarted) -> {
                HealthCheckRegistry health = HealthCheckRegistry.get(camel);
                if (health != null) {
                    health.register(check);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the listings health check", e);
        }
        return check;
    }

    /** The context's instance, or one that remembers nothing when no source registered one. */
    public static ListingHealthCheck of(CamelContext context) {
        ListingHealthCheck bound = context.getRegistry().lookupByNameAndType(BEAN, ListingHealthCheck.class);
        return bound != null ? bound : new ListingHealthCheck();
    }

    public void failed(String feed, String reason) {
        failed.put(feed, new Failure(reason, Instant.now()));
    }

    public void succeeded(String feed) {
        failed.remove(feed);
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("state", failed.isEmpty() ? "UP" : "DEGRADED");
        if (!failed.isEmpty()) {
            Map<String, String> listed = new TreeMap<>();
            failed.forEach((feed, f) -> listed.put(feed, f.at() + ": " + f.reason()));
            builder.detail("failed.listings", listed.toString());
            builder.message("DEGRADED: the latest listing of " + listed.keySet() + " failed");
        }
        builder.up();
    }
}
