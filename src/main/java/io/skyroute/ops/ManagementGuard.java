package io.skyroute.ops;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a management request must show before anything answers it, whoever sends it: a {@code Host} naming this
 * server (loopback's names, the bound host, {@code management.allowed_hosts}) with its port, so a DNS-rebound name
 * is refused; no {@code Origin} of another site, so a page the operator visits cannot steer the daemon; and Jolokia's
 * {@code exec} and {@code write} only by POST, which a link or an image cannot send. Plain logic: the servers call it.
 */
public final class ManagementGuard {

    /** Jolokia requests a GET may carry: they only read. */
    private static final Set<String> JOLOKIA_READS = Set.of("", "read", "list", "search", "version");

    public record Refusal(int status, String reason) {
    }

    private final Set<String> hosts;
    private final int port;
    private final String jolokiaPath;

    /**
     * @param boundHost the address the server listens on (a wildcard adds this machine's name and addresses)
     * @param jolokiaPath where Jolokia answers (e.g. /observe/jolokia), or null where there is none
     */
    public ManagementGuard(String boundHost, int port, List<String> allowedHosts, String jolokiaPath) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.add(bare(boundHost));
        if (names.contains("0.0.0.0") || names.contains("::")) {
            try {
                InetAddress local = InetAddress.getLocalHost();
                names.add(local.getHostName().toLowerCase(Locale.ROOT));
                names.add(local.getCanonicalHostName().toLowerCase(Locale.ROOT));
                names.add(local.getHostAddress());
            } catch (UnknownHostException e) {
                // only the configured names then
            }
        }
        allowedHosts.forEach(h -> names.add(bare(h)));
        this.hosts = Set.copyOf(names);
        this.port = port;
        this.jolokiaPath = jolokiaPath;
    }

    /** Why the request must be refused, or empty when it may go on (to authentication and the handler). */
    public Optional<Refusal> check(String method, String host, String origin, String path, String jolokiaQueryPath) {
        if (host == null || !allowed(host)) {
            return Optional.of(new Refusal(403, "the Host header '" + host + "' does not name this server (management.allowed_hosts)"));
        }
        if (origin != null && !sameSite(origin)) {
            return Optional.of(new Refusal(403, "a request from a page of another origin (" + origin + ") is refused"));
        }
        if (jolokiaPath != null && path != null && path.startsWith(jolokiaPath) && ("GET".equals(method) || "HEAD".equals(method))) {
            String request = path.substring(jolokiaPath.length()).replaceFirst("^/+", "");
            if (request.isEmpty() && jolokiaQueryPath != null) {
                request = jolokiaQueryPath.replaceFirst("^/+", "");
            }
            String type = request.split("/", 2)[0].toLowerCase(Locale.ROOT);
            if (!JOLOKIA_READS.contains(type)) {
                return Optional.of(new Refusal(405, "Jolokia's '" + type + "' is taken by POST only"));
            }
        }
        return Optional.empty();
    }

    private boolean allowed(String hostHeader) {
        String value = hostHeader.trim().toLowerCase(Locale.ROOT);
        String name;
        int given;
        int colon = value.lastIndexOf(':');
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                return false;
            }
            name = value.substring(1, close);
            given = close + 1 < value.length() ? port(value.substring(close + 1)) : 80;
        } else if (colon >= 0) {
            name = value.substring(0, colon);
            given = port(value.substring(colon));
        } else {
            name = value;
            given = 80;
        }
        return given == port && hosts.contains(name);
    }

    private static int port(String colonAndPort) {
        try {
            return colonAndPort.startsWith(":") ? Integer.parseInt(colonAndPort.substring(1)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private boolean sameSite(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return false;  // "null" (a sandboxed page, a file) and anything else
            }
            int given = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            return given == port && hosts.contains(bare(uri.getHost()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String bare(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
