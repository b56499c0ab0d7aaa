package io.skyroute.config;

import java.util.Locale;

/**
 * The {@code cluster} section: several daemons on one PostgreSQL ledger, one RabbitMQ and one data folder
 * (docs/cluster.md). Keys (defaults): {@code enabled} (false); {@code role} (all | ingest | reduce);
 * {@code node_id} (host name and process id); {@code checkin_interval_ms} (5000: Quartz's cluster check-in and
 * the node registry's heartbeat); {@code rabbitmq} (host 127.0.0.1, port 5672, username guest,
 * {@code password_envvar} (else "guest"), virtual_host /, queue skyroute.reductions, delivery_limit 5).
 */
public record ClusterConfig(Boolean enabled, Role role, String nodeId, @Range(min = 1000, max = 600_000) Long checkinIntervalMs,
                            RabbitConfig rabbitmq) {

    public enum Role {
        ALL, INGEST, REDUCE;

        public boolean ingests() {
            return this != REDUCE;
        }

        public boolean reduces() {
            return this != INGEST;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The broker reductions are queued on. */
    public record RabbitConfig(String host, @Range(min = 1, max = 65535) Integer port, String username, String passwordEnvvar, String virtualHost,
                               String queue, @Range(min = 1, max = 1000) Integer deliveryLimit) {
        public RabbitConfig {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 5672 : port;
            username = username == null ? "guest" : username;
            virtualHost = virtualHost == null ? "/" : virtualHost;
            queue = queue == null ? "skyroute.reductions" : queue;
            deliveryLimit = deliveryLimit == null ? 5 : deliveryLimit;
        }
    }

    public ClusterConfig {
        enabled = enabled != null && enabled;
        role = role == null ? Role.ALL : role;
        nodeId = nodeId == null || nodeId.isBlank() ? defaultNodeId() : nodeId;
        checkinIntervalMs = checkinIntervalMs == null ? 5000L : checkinIntervalMs;
        rabbitmq = rabbitmq == null ? new RabbitConfig(null, null, null, null, null, null, null) : rabbitmq;
    }

    public static ClusterConfig single() {
        return new ClusterConfig(false, null, null, null, null);
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
