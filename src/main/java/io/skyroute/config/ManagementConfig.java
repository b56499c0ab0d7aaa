package io.skyroute.config;

import java.nio.file.Path;

/**
 * How the daemon is watched and steered (docs/operations.md): JMX; the management HTTP server on
 * {@code http_host:http_port} (default 127.0.0.1:8081; 0 turns it off) with health, info, Prometheus metrics
 * and Jolokia under {@code /observe}; the users who may use it ({@code users_file}, required off loopback);
 * the free-space floor of the data folders; how often long work reports progress; Hawtio; the host names
 * browsers may use for the server and Hawtio besides loopback's and the bound host ({@code allowed_hosts}: a request
 * naming any other host, or coming from a page of another origin, is refused, against DNS rebinding and CSRF).
 */
public record ManagementConfig(
        Boolean jmx,
        @Range(min = 0, max = 65535) Integer httpPort,
        @ValueFormat(ValueFormat.Form.HOST) String httpHost,
        @Range(min = 1, max = 3600) Integer shutdownTimeoutSeconds,
        @MustBeReadable Path usersFile,
        @Range(min = 0, max = 10_000_000) Long diskFreeMinMb,
        @Range(min = 1, max = 86_400) Integer reachabilityCheckSeconds,
        @Range(min = 1, max = 3600) Integer progressLogSeconds,
        HawtioConfig hawtio,
        java.util.List<String> allowedHosts) {

    public static final int DEFAULT_HTTP_PORT = 8081;
    /** The management users' file, used when present and {@code users_file} names no other. */
    public static final Path DEFAULT_USERS_FILE = Path.of("config", "management-users.yaml");

    public ManagementConfig {
        jmx = jmx == null || jmx;
        httpPort = httpPort == null ? DEFAULT_HTTP_PORT : httpPort;
        httpHost = httpHost == null ? "127.0.0.1" : httpHost;
        shutdownTimeoutSeconds = shutdownTimeoutSeconds == null ? 30 : shutdownTimeoutSeconds;
        usersFile = usersFile != null ? usersFile : java.nio.file.Files.isRegularFile(DEFAULT_USERS_FILE) ? DEFAULT_USERS_FILE : null;
        diskFreeMinMb = diskFreeMinMb == null ? 1024L : diskFreeMinMb;
        reachabilityCheckSeconds = reachabilityCheckSeconds == null ? 300 : reachabilityCheckSeconds;
        progressLogSeconds = progressLogSeconds == null ? 30 : progressLogSeconds;
        hawtio = hawtio == null ? new HawtioConfig(null, null, null, null) : hawtio;
        allowedHosts = allowedHosts == null ? java.util.List.of() : java.util.List.copyOf(allowedHosts);
    }

    /** The sections every caller used before the management server had more than health and info. */
    public ManagementConfig(Boolean jmx, Integer httpPort, String httpHost, Integer shutdownTimeoutSeconds) {
        this(jmx, httpPort, httpHost, shutdownTimeoutSeconds, null, null, null, null, null, null);
    }

    /** JMX on, no HTTP server: for embedding and tests that must not bind a port. */
    public static ManagementConfig withoutHttpServer() {
        return new ManagementConfig(null, 0, null, null);
    }

    public ManagementConfig withHawtio(HawtioConfig other) {
        return new ManagementConfig(jmx, httpPort, httpHost, shutdownTimeoutSeconds, usersFile, diskFreeMinMb, reachabilityCheckSeconds,
                progressLogSeconds, other, allowedHosts);
    }

    /** The management server as a client on this machine reaches it (a wildcard bind is reached on loopback). */
    public java.net.URI address() {
        String host = httpHost;
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return java.net.URI.create("http://" + host + ":" + httpPort);
    }

    /** Whether the management server is bound to a loopback address only (where no credentials are needed). */
    public boolean onLoopback() {
        return HostAddresses.isLoopback(httpHost);
    }
}
