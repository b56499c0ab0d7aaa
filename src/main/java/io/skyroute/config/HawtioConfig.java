package io.skyroute.config;

import java.nio.file.Path;

/**
 * The Hawtio console served inside the daemon ({@code run --hawtio} or {@code enabled: true}): on
 * {@code host:port} (default 127.0.0.1:8090) at {@code /hawtio}; {@code war} is the console's web archive,
 * by default {@code lib/hawtio.war} beside skyroute.jar.
 */
public record HawtioConfig(Boolean enabled, @ValueFormat(ValueFormat.Form.HOST) String host, @Range(min = 1, max = 65535) Integer port,
                           @MustBeReadable Path war) {

    public HawtioConfig {
        enabled = enabled != null && enabled;
        host = host == null ? "127.0.0.1" : host;
        port = port == null ? 8090 : port;
    }

    public HawtioConfig enabledNow() {
        return new HawtioConfig(true, host, port, war);
    }

    public boolean onLoopback() {
        return HostAddresses.isLoopback(host);
    }
}
