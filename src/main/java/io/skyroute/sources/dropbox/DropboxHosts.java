package io.skyroute.sources.dropbox;

import com.dropbox.core.DbxHost;
import com.dropbox.core.http.HttpRequestor;
import com.dropbox.core.http.StandardHttpRequestor;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.util.Map;

/**
 * Where the Dropbox API lives. Like the official Python SDK, the environment variables
 * {@code DROPBOX_API_HOST} and {@code DROPBOX_API_CONTENT_HOST} move it: a host name (HTTPS) or a full
 * base URL such as {@code http://127.0.0.1:8080} (a mirror, or a loopback stand-in). The Java SDK only
 * takes host names, so base URLs get placeholder host names that {@link #requestor()} rewrites; the
 * SDK's own code path is the same either way.
 */
public final class DropboxHosts {

    private static final String API_PLACEHOLDER = "api.skyroute-dropbox.invalid";
    private static final String CONTENT_PLACEHOLDER = "content.skyroute-dropbox.invalid";

    private final String api;
    private final String content;

    private DropboxHosts(String api, String content) {
        this.api = api;
        this.content = content;
    }

    public static DropboxHosts fromEnvironment(Map<String, String> environment) {
        return new DropboxHosts(environment.get("DROPBOX_API_HOST"), environment.get("DROPBOX_API_CONTENT_HOST"));
    }

    public static DropboxHosts fromEnvironment(io.skyroute.config.Secrets environment) {
        return new DropboxHosts(environment.variable("DROPBOX_API_HOST").orElse(null), environment.variable("DROPBOX_API_CONTENT_HOST").orElse(null));
    }

    public static DropboxHosts of(String api, String content) {
        return new DropboxHosts(api, content);
    }

    public DbxHost host() {
        DbxHost standard = DbxHost.DEFAULT;
        return new DbxHost(hostName(api, API_PLACEHOLDER, standard.getApi()), hostName(content, CONTENT_PLACEHOLDER, standard.getContent()),
                standard.getWeb(), standard.getNotify());
    }

    /** The SDK's standard requestor, with placeholder hosts pointed at their base URLs. */
    public HttpRequestor requestor() {
        return new StandardHttpRequestor(StandardHttpRequestor.Config.DEFAULT_INSTANCE) {
            @Override
            protected HttpURLConnection prepRequest(String url, Iterable<HttpRequestor.Header> headers, boolean streaming) throws IOException {
                HttpURLConnection connection = super.prepRequest(rewrite(url), headers, streaming);
                // the API answers without redirects; one could carry the Bearer token to another host
                connection.setInstanceFollowRedirects(false);
                return connection;
            }
        };
    }

    String rewrite(String url) {
        String rewritten = url;
        if (isBaseUrl(api)) {
            rewritten = rewritten.replace("https://" + API_PLACEHOLDER, strip(api));
        }
        if (isBaseUrl(content)) {
            rewritten = rewritten.replace("https://" + CONTENT_PLACEHOLDER, strip(content));
        }
        return rewritten;
    }

    private static String hostName(String configured, String placeholder, String standard) {
        if (configured == null || configured.isBlank()) {
            return standard;
        }
        return isBaseUrl(configured) ? placeholder : configured.trim();
    }

    private static boolean isBaseUrl(String value) {
        return value != null && (value.startsWith("http://") || value.startsWith("https://"));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
