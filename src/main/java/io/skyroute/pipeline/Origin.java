package io.skyroute.pipeline;

import java.net.URI;
import java.util.Locale;

/**
 * Scheme, host and port of a URL: credentials configured for one origin are sent to that origin only.
 * A redirect or a pagination link elsewhere is followed without them, or refused.
 */
public record Origin(String scheme, String host, int port) {

    public static Origin of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        return new Origin(scheme, uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT), port);
    }

    public static Origin of(String url) {
        return of(URI.create(url));
    }

    public boolean contains(URI uri) {
        return equals(of(uri));
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port;
    }
}
