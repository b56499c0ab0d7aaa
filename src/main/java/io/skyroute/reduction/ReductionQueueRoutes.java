package io.skyroute.reduction;

import org.apache.camel.builder.RouteBuilder;

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
    private static final String JOB = "skyroute.reductionJob";

    /** What this node's worker is doing, for the node registry and the metrics. */
    public static final class Jobs {
        public final AtomicInteger inFlight = new AtomicInteger();
        public final AtomicLong done = new AtomicLong();
    }

    private final String queue;
    private final Jobs jobs;
    private final long lockedRetryMs;
    private final io.skyroute.ledger.DatasetLeases leases;
    private final java.util.function.Consumer<String> notQueued;

    /**
     * @param leases    where a worker looks whether a job is already done: two nodes that each sorted frames of one
     *                  dataset both queue it, and the second job would reduce it again for nothing
     * @param notQueued told of each dataset whose job RabbitMQ did not take (away, refusing): the manager marks it
     *                  changed again, so a later due check queues it — the job is not lost with the failed send
     */
    public ReductionQueueRoutes(String queue, Jobs jobs, long lockedRetryMs, io.skyroute.ledger.DatasetLeases leases,
                                java.util.function.Consumer<String> notQueued) {
        this.queue = queue;
        this.jobs = jobs;
        this.lockedRetryMs = lockedRetryMs;
        this.leases = leases;
        this.notQueued = notQueued;
    }

    /** A job's text: the dataset's folder, a tab, and when it was queued (epoch ms); a job without the time is judged by its frames alone. */
    static String job(String dataset, long queuedAtMillis) {
        return dataset + "\t" + queuedAtMillis;
    }

    /**
     * Whether a successful reduction of the dataset started after the job was queued: it saw every frame that made
     * the job (those were sorted at least the debounce window before the job was queued), so the job has nothing
     * left to do (safe while the nodes' clocks agree to better than the debounce window, 60 s by default); or the
     * newest successful reduction had every frame sorted into the dataset among its inputs, whenever it started.
     */
    boolean alreadyDone(String job) {
        String key = DatasetLock.key(java.nio.file.Path.of(dataset(job)));
        return startedAfterQueued(job, key) || leases.sawEverySortedFrame(key);
    }

    private boolean startedAfterQueued(String job, String key) {
        int tab = job.lastIndexOf('\t');
        if (tab < 0) {
            return false;
        }
        long queuedAt;
        try {
            queuedAt = Long.parseLong(job.substring(tab + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        return leases.lastSucceededStart(key).map(started -> started.toInstant().toEpochMilli() >= queuedAt).orElse(false);
    }

    /** The deepest cause's message: RabbitMQ's client wraps "Connection refused" in layers that say only "java.io.IOException". */
    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == null ? "unknown" : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String dataset(String job) {
        int tab = job.lastIndexOf('\t');
        return tab < 0 ? job : job.substring(0, tab);
    }

    @Override
    public void configure() {
        String connection = "connectionFactory=#rabbitConnectionFactory";
        from(ENQUEUE)
                .routeId("reduce-enqueue").routeGroup("reduction")
                .split(body())
                    .doTry()
                        .process(e -> e.getIn().setBody(job(String.valueOf(e.getIn().getBody()), System.currentTimeMillis())))
                        .to("spring-rabbitmq:default?routingKey=" + queue + "&" + connection).id("reduce-enqueue-send")
                    .doCatch(Exception.class)
                        .process(e -> {
                            String dataset = dataset(e.getIn().getBody(String.class));
                            Throwable cause = e.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Throwable.class);
                            log.warn("{}: its reduction job could not be queued ({}); it is queued again at a later due check", dataset,
                                    reason(cause));
                            notQueued.accept(dataset);
                        }).id("reduce-enqueue-later")
                    .end()
                .end();

        from("spring-rabbitmq:default?queues=" + queue + "&autoDeclare=false&prefetchCount=1&concurrentConsumers=1&acknowledgeMode=AUTO&"
                + connection)
                .routeId("reduce-worker").routeGroup("reduction").autoStartup("{{skyroute.triggers.reduce}}")
                .filter(e -> {
                    String job = e.getIn().getBody(String.class);
                    if (alreadyDone(job)) {
                        log.info("{}: reduced after this job was queued (by this node or another); nothing to do", dataset(job));
                        return false;
                    }
                    e.setProperty(JOB, job);
                    e.getIn().setBody(dataset(job));
                    return true;
                })
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
                    // back on the queue as it was queued: if the holder's run started after that, the job is then done
                    .process(e -> e.getIn().setBody(e.getProperty(JOB, String.class)))
                    .to("spring-rabbitmq:default?routingKey=" + queue + "&" + connection).id("reduce-worker-requeue")
                .end();
    }
}
