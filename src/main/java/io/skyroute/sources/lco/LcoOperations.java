package io.skyroute.sources.lco;

import io.skyroute.ops.ReachabilityHealthCheck;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

import java.time.Duration;
import java.util.Map;

/**
 * How the LCO source is watched and steered: the archives' states as a bean ({@value #STATES_BEAN}, reset
 * through the operator controls' {@code resetArchive} after a token is fixed), the {@code lco-archives} health
 * check (DOWN while an archive refuses its token) and one {@code lco-archive-<id>} check per archive (DOWN
 * while it cannot be reached or refuses the token).
 */
public final class LcoOperations implements CamelConfiguration {

    /** The registry name of the archives' states. */
    public static final String STATES_BEAN = "lcoArchiveStates";

    private final ArchiveStates states;
    private final Map<String, LcoArchiveClient> clients;
    private final Duration reachabilityKept;

    /** @param reachabilityKept how long an archive's answer to the reachability probe is kept */
    public LcoOperations(ArchiveStates states, Map<String, LcoArchiveClient> clients, Duration reachabilityKept) {
        this.states = states;
        this.clients = Map.copyOf(clients);
        this.reachabilityKept = reachabilityKept;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getRegistry().bind(STATES_BEAN, states);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new ArchiveHealthCheck(states));
            clients.forEach((archive, client) -> health.register(new ReachabilityHealthCheck("lco-archive-" + archive,
                    "LCO archive " + archive, client::probe, reachabilityKept)));
        }
        context.addStartupListener((camel, alreadyStarted) -> {
            if (camel.getManagementStrategy().getManagementAgent() != null) {
                try {
                    camel.getManagementStrategy().manageObject(states);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot register the LCO archives' MBean", e);
                }
            }
        });
    }
}
