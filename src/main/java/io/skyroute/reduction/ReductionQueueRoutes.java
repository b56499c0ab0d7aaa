package io.skyroute.reduction;

import org.apache.camel.builder.RouteBuilder;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reductions as a work queue on RabbitMQ (scaled out, docs/cluster.md). {@code reduce-enqueue} puts each due
 * dataset on the durable quorum queue (persistent messages, through the default exchange);
 * {@code reduce-worker} (nodes whose role reduces) takes one at a time (prefetch 1) and reduces it through
 * {@code reduce-dataset}; the message is acknowledged only when that route has finished — the products written
 * and published, or the failure dead-lettered by the error policy — so a worker that dies mid-reduction leaves
 * its job to be redelivered to another, and the dataset's lease keeps two from reducing it at once. A dataset
 * found locked is put back on the queue after a pause. The queue and its dead-letter exchange are declared by
 * the cluster set-up with the same arguments on every node.
 */
public class ReductionQueueRoutes extends RouteBuilder {

    public static final String ENQUEUE = "direct:reduce-enqueue";

    /** What this node's worker is doing, for the node registry and the metrics. */
    public static final class Jobs {
        public final AtomicInteger inFlight = new AtomicInteger();
        public final AtomicLong done = new AtomicLong();
    }

    private final String queue;
    private final Jobs jobs;
    private final long lockedRetryMs;

    public ReductionQueueRoutes(String queue, Jobs jobs, long lockedRetryMs) {
        this.queue = queue;
        this.jobs = jobs;
        this.lockedRetryMs = lockedRetryMs;
    }

    @Override
    public void configure() {
        String connection = "connectionFactory=#rabbitConnectionFactory";
        from(ENQUEUE)
                .routeId("reduce-enqueue").routeGroup("reduction")
                .split(body())
                    .process(e -> e.getIn().setBody(String.valueOf(e.getIn().getBody())))
                    .to("spring-rabbitmq:default?routingKey=" + queue + "&" + connection).id("reduce-enqueue-send")
                .end();

        from("spring-rabbitmq:default?queues=" + queue + "&autoDeclare=false&prefetchCount=1&concurrentConsumers=1&acknowledgeMode=AUTO&"
                + connection)
                .routeId("reduce-worker").routeGroup("reduction").autoStartup("{{skyroute.triggers.reduce}}")
                .process(e -> jobs.inFlight.incrementAndGet())
                .doTry()
                    .to(ReductionRoutes.REDUCE).id("reduce-worker-reduce")
                .doFinally()
                    .process(e -> {
                        jobs.inFlight.decrementAndGet();
                        jobs.done.incrementAndGet();
                    })
                .end()
                .filter(e -> e.getIn().getBody() instanceof DatasetReducer.Outcome o && o.locked())
                    .delay(lockedRetryMs)
                    .process(e -> e.getIn().setBody(List.of(e.getIn().getBody(DatasetReducer.Outcome.class).dataset())))
                    .to(ENQUEUE)
                .end();
    }
}
