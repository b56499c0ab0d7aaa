package io.skyroute.sources.lco;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * How the LCO source is watched and steered: the archives' states as a bean ({@code lcoArchiveStates})
 * and a JMX MBean (operation {@code reset} after a token is fixed), and the {@code lco-archives} health
 * check (DOWN while an archive refuses its token).
 */
public final class LcoOperations implements CamelConfiguration {

    private final ArchiveStates states;

    public LcoOperations(ArchiveStates states) {
        this.states = states;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getRegistry().bind("lcoArchiveStates", states);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new ArchiveHealthCheck(states));
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
