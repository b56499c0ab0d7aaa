package io.skyroute.config;

/**
 * How the daemon is watched: JMX (on by default, for jconsole/Hawtio) and an optional HTTP
 * management port serving health and info ({@code http_port: 0} turns it off).
 */
public record ManagementConfig(Boolean jmx, @Range(min = 0, max = 65535) Integer httpPort, @ValueFormat(ValueFormat.Form.HOST) String httpHost,
        @Range(min = 1, max = 3600) Integer shutdownTimeoutSeconds) {

    public ManagementConfig {
        jmx = jmx == null || jmx;
        httpPort = httpPort == null ? 0 : httpPort;
        httpHost = httpHost == null ? "127.0.0.1" : httpHost;
        shutdownTimeoutSeconds = shutdownTimeoutSeconds == null ? 30 : shutdownTimeoutSeconds;
    }
}
