package io.skyroute.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the subscribers of "lightcurve ready" made of one lightcurve, by subscriber name: a delivery's
 * outcome or its failure. The publisher reports them (the reduce command prints them); a subscriber's
 * failure never undoes the reduction.
 */
public final class SubscriberOutcomes {

    /** One subscriber's outcome: {@code value} is its result object, {@code failure} the reason it failed (or null). */
    public record Outcome(Object value, String failure) {
        public boolean failed() {
            return failure != null;
        }
    }

    private final Map<String, Outcome> outcomes = Collections.synchronizedMap(new LinkedHashMap<>());

    public void succeeded(String subscriber, Object value) {
        outcomes.put(subscriber, new Outcome(value, null));
    }

    public void failed(String subscriber, String reason) {
        outcomes.put(subscriber, new Outcome(null, reason));
    }

    public Map<String, Outcome> all() {
        synchronized (outcomes) {
            return Map.copyOf(outcomes);
        }
    }

    public Outcome of(String subscriber) {
        return outcomes.get(subscriber);
    }
}
