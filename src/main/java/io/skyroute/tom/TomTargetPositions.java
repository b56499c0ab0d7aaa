package io.skyroute.tom;

import io.skyroute.pipeline.TargetPositions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The team's TOM as a source of target positions: its targets API searched by name, the one target whose
 * name or alias is exactly the one asked (as for uploads) answers with its RA/Dec. A TOM that cannot be
 * reached, or that knows the name twice or not at all, answers nothing (the caller goes on to the header).
 */
public final class TomTargetPositions implements TargetPositions {

    private static final Logger LOG = LoggerFactory.getLogger(TomTargetPositions.class);

    private final Supplier<TomClient> client;

    public TomTargetPositions(Supplier<TomClient> client) {
        this.client = client;
    }

    @Override
    public Optional<TargetPosition> find(String name) {
        try {
            TomClient tom = client.get();
            String wanted = TargetPositions.normalise(name);
            List<TomClient.Target> exact = tom.targets(name.replace('_', ' ')).stream()
                    .filter(t -> TargetPositions.normalise(t.name()).equals(wanted)
                            || t.aliases().stream().anyMatch(a -> TargetPositions.normalise(a).equals(wanted)))
                    .filter(t -> !Double.isNaN(t.ra()) && !Double.isNaN(t.dec()))
                    .toList();
            if (exact.size() != 1) {
                if (exact.size() > 1) {
                    LOG.warn("the TOM knows {} targets named {}; its positions are not used", exact.size(), name);
                }
                return Optional.empty();
            }
            TomClient.Target t = exact.get(0);
            return Optional.of(new TargetPosition(String.format(Locale.ROOT, "%.7f", t.ra()), String.format(Locale.ROOT, "%.7f", t.dec()),
                    "the TOM at " + tom.url() + " (target " + t.name() + ")"));
        } catch (RuntimeException e) {
            LOG.warn("cannot ask the TOM where {} is: {}", name, e.getMessage());
            return Optional.empty();
        }
    }
}
