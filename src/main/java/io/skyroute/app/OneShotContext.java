package io.skyroute.app;

import io.skyroute.ledger.LedgerDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.main.Main;

import java.util.Map;

/**
 * The daemon's Camel context started for one command (download, sort, reduce ...): the same assembly,
 * with the scheduled and folder triggers left off. Send work to a route, read the answer, close.
 */
public final class OneShotContext implements AutoCloseable {

    private final Main main;

    private OneShotContext(Main main) {
        this.main = main;
    }

    public static OneShotContext start(SkyrouteSetup setup, LedgerDatabase ledger) throws Exception {
        Main main = new Main();
        SkyrouteCamel.setUp(main, setup, ledger, SkyrouteCamel.Mode.ONE_SHOT);
        main.start();
        return new OneShotContext(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Sends an empty request with the given exchange properties to an endpoint and returns the finished exchange. */
    public Exchange request(String endpoint, Map<String, Object> properties) {
        return context().createProducerTemplate().send(endpoint, ExchangePattern.InOut, e -> properties.forEach(e::setProperty));
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
