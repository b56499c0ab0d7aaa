package io.skyroute.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What no single key's check can see and {@code run} would trip over later: the data folder under a file, a database
 * URL of no kind the daemon speaks, a host that does not resolve, Hawtio on the management server's port, the drop
 * folder doubling as the landing or reduction folder, retries whose cap is below their first wait, the database's
 * password variable unset. {@code config check} and {@code run} report these alike (file, key, reason).
 */
public final class ConfigConsistency {

    private ConfigConsistency() {
    }

    public static List<ConfigProblem> problems(Path file, SkyrouteConfig c, Secrets secrets) {
        Path where = file == null ? Path.of("(defaults)") : file;
        List<ConfigProblem> problems = new ArrayList<>();
        for (Path p = c.dataDir().toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                problems.add(new ConfigProblem(where, "data_dir", "is " + c.dataDir() + ", but " + p + " is a file, not a folder"));
                break;
            }
        }
        String url = c.database().url();
        if (!url.startsWith("jdbc:postgresql://") && !url.startsWith("jdbc:h2:")) {
            problems.add(new ConfigProblem(where, "database.url", "expected jdbc:postgresql://HOST:PORT/DATABASE (or an H2 URL, jdbc:h2:...), found '"
                    + url + "'"));
        }
        if (c.database().passwordEnvvar() != null && secrets.fromVariable(c.database().passwordEnvvar()).isEmpty()) {
            problems.add(new ConfigProblem(where, "database.password_envvar", "environment variable '" + c.database().passwordEnvvar()
                    + "' is not set"));
        }
        ManagementConfig m = c.management();
        if (m.httpPort() > 0) {
            resolves(where, "management.http_host", m.httpHost(), problems);
        }
        if (m.hawtio().enabled()) {
            resolves(where, "management.hawtio.host", m.hawtio().host(), problems);
            if (m.hawtio().port().equals(m.httpPort())) {
                problems.add(new ConfigProblem(where, "management.hawtio.port", "is " + m.hawtio().port()
                        + ", the management server's port (management.http_port): give Hawtio another"));
            }
        }
        Path drop = c.drop().folder().toAbsolutePath().normalize();
        Path landing = c.dataDir().toAbsolutePath().normalize().resolve("downloads").resolve("local");
        Path reduction = c.sorting().reductionDir().toAbsolutePath().normalize();
        if (drop.equals(landing) || drop.equals(reduction)) {
            problems.add(new ConfigProblem(where, "drop.folder", "is " + drop + ", the folder frames are "
                    + (drop.equals(landing) ? "landed in" : "sorted into (sorting.reduction_dir)") + ": give the drop folder its own"));
        }
        if (c.retry().maxDelayMs() < c.retry().initialDelayMs()) {
            problems.add(new ConfigProblem(where, "retry.max_delay_ms", "is " + c.retry().maxDelayMs() + ", below retry.initial_delay_ms ("
                    + c.retry().initialDelayMs() + "): the cap must be at least the first wait"));
        }
        return problems;
    }

    private static void resolves(Path where, String key, String host, List<ConfigProblem> problems) {
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            problems.add(new ConfigProblem(where, key, "is " + host + ", which is neither an address nor a name this machine resolves"));
        }
    }
}
