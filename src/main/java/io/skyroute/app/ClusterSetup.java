package io.skyroute.app;

import io.skyroute.config.ClusterConfig;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.ClusterNodes;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.reduction.ReductionQueueRoutes;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A node of a cluster (docs/cluster.md): Quartz on the clustered JDBC job store in the PostgreSQL ledger (each
 * schedule fires on one node; a dead node's triggers are taken over after a check-in interval or two), the
 * RabbitMQ connection and the reductions' quorum queue with its dead-letter exchange declared (the same
 * arguments from every node), the shared data folder checked at start (write and rename), and this node's
 * heartbeat in the node registry.
 */
final class ClusterSetup implements CamelConfiguration {

    static final String CONNECTION_FACTORY = "rabbitConnectionFactory";

    private final SkyrouteConfig config;
    private final LedgerDatabase ledger;
    private final Secrets secrets;
    private final ReductionQueueRoutes.Jobs jobs;
    private volatile RabbitAdmin admin;

    ClusterSetup(SkyrouteConfig config, LedgerDatabase ledger, Secrets secrets, ReductionQueueRoutes.Jobs jobs) {
        this.config = config;
        this.ledger = ledger;
        this.secrets = secrets;
        this.jobs = jobs;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        ClusterConfig cluster = config.cluster();
        checkSharedFolder(config.dataDir().toAbsolutePath().normalize());
        context.getComponent("quartz", QuartzComponent.class).setProperties(quartzProperties(cluster));
        ClusterConfig.RabbitConfig rabbit = cluster.rabbitmq();
        CachingConnectionFactory factory = new CachingConnectionFactory(rabbit.host(), rabbit.port());
        factory.setUsername(rabbit.username());
        factory.setPassword(rabbit.passwordEnvvar() == null ? "guest" : secrets.require(rabbit.passwordEnvvar(), "cluster.rabbitmq.password_envvar").reveal());
        factory.setVirtualHost(rabbit.virtualHost());
        admin = declare(factory, rabbit);
        context.getRegistry().bind(CONNECTION_FACTORY, factory);
        context.addService(new Heartbeat(new ClusterNodes(ledger), cluster, jobs), true, true);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                factory.destroy();
            }
        }, true, true);
    }

    /** The quorum queue (durable, a delivery limit) and where poison messages go after it. */
    static RabbitAdmin declare(CachingConnectionFactory factory, ClusterConfig.RabbitConfig rabbit) {
        RabbitAdmin admin = new RabbitAdmin(factory);
        String dlx = rabbit.queue() + ".dlx";
        FanoutExchange deadLetters = new FanoutExchange(dlx, true, false);
        Queue dead = QueueBuilder.durable(rabbit.queue() + ".dead").quorum().build();
        admin.declareExchange(deadLetters);
        admin.declareQueue(dead);
        admin.declareBinding(BindingBuilder.bind(dead).to(deadLetters));
        admin.declareQueue(QueueBuilder.durable(rabbit.queue()).quorum().deliveryLimit(rabbit.deliveryLimit()).deadLetterExchange(dlx).build());
        return admin;
    }

    /** Messages waiting on the reductions' queue (the metrics' queue depth; -1 when the broker does not answer). */
    Number queueDepth() {
        try {
            var info = admin == null ? null : admin.getQueueInfo(config.cluster().rabbitmq().queue());
            return info == null ? -1 : info.getMessageCount();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private Map<String, Object> quartzProperties(ClusterConfig cluster) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "skyroute");
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.threadPool.threadCount", "5");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "ledger");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(cluster.checkinIntervalMs()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        p.setProperty("org.quartz.dataSource.ledger.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.ledger.driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.ledger.URL", config.database().url());
        p.setProperty("org.quartz.dataSource.ledger.user", config.database().user() == null ? "" : config.database().user());
        p.setProperty("org.quartz.dataSource.ledger.password",
                secrets.fromVariable(config.database().passwordEnvvar()).map(io.skyroute.config.Secret::reveal).orElse(""));
        p.setProperty("org.quartz.dataSource.ledger.maxConnections", "3");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> map = (Map) p;
        return map;
    }

    /** Every node must be able to write and rename in the shared data folder; a read-only or missing mount stops the start. */
    static void checkSharedFolder(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path probe = dataDir.resolve(".cluster-probe-" + ProcessHandle.current().pid());
        Path renamed = dataDir.resolve(".cluster-probe-" + ProcessHandle.current().pid() + ".renamed");
        try {
            Files.writeString(probe, "skyroute");
            Files.move(probe, renamed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException("the shared data folder " + dataDir + " must allow writing and renaming on every node: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(probe);
            Files.deleteIfExists(renamed);
        }
    }

    /** This node's heartbeat in the registry, every check-in interval. */
    private static final class Heartbeat extends ServiceSupport {
        private final ClusterNodes nodes;
        private final ClusterConfig cluster;
        private final ReductionQueueRoutes.Jobs jobs;
        private final Instant started = Instant.now();
        private ScheduledExecutorService timer;

        Heartbeat(ClusterNodes nodes, ClusterConfig cluster, ReductionQueueRoutes.Jobs jobs) {
            this.nodes = nodes;
            this.cluster = cluster;
            this.jobs = jobs;
        }

        @Override
        protected void doStart() {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "skyroute-heartbeat");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::beat, 0, cluster.checkinIntervalMs(), TimeUnit.MILLISECONDS);
        }

        private void beat() {
            try {
                nodes.checkIn(cluster.nodeId(), host(), cluster.role().label(), started, jobs.inFlight.get(), jobs.done.get());
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ClusterSetup.class).warn("node registry check-in failed: {}", e.getMessage());
            }
        }

        @Override
        protected void doStop() {
            if (timer != null) {
                timer.shutdownNow();
            }
        }

        private static String host() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "unknown";
            }
        }
    }
}
