package io.skyroute.ops;

import io.skyroute.config.ConfigException;
import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ConfigProblem;
import io.skyroute.config.ManagementConfig;
import io.skyroute.config.ManagementUsersConfig;
import io.skyroute.config.Secret;
import io.skyroute.config.Secrets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may use the management server and Hawtio: the users of {@code management.users_file}, each password
 * from the environment variable the file names. Off loopback there must be users (the daemon refuses to
 * start otherwise); with users, every request needs one of them, on loopback too. The passwords stay in memory:
 * nothing is written for the servers. Hawtio's console reaches
 * the daemon's Jolokia as a user of its own whose password is made up afresh at every start.
 */
public final class ManagementAccess {

    /** The Hawtio console's own user, for its forwarding of Jolokia requests to /observe/jolokia. */
    public static final String CONSOLE_USER = "skyroute-hawtio";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    public record User(String name, Secret password) {
    }

    private final List<User> users;
    private final User console;

    private ManagementAccess(List<User> users) {
        this.users = List.copyOf(users);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.console = new User(CONSOLE_USER, Secrets.plain(Base64.getUrlEncoder().withoutPadding().encodeToString(random), "(console)"));
    }

    /** Nobody configured: only for a management server on loopback. */
    public static ManagementAccess open() {
        return new ManagementAccess(List.of());
    }

    /**
     * The users of {@code management.users_file}; refuses (with the key and the reason) a server or Hawtio
     * bound off loopback without them, a user whose variable is unset, a name or password the server cannot take.
     */
    public static ManagementAccess load(ManagementConfig management, ConfigLoader loader, Secrets secrets, Path configFile) {
        Path where = configFile == null ? Path.of("(defaults)") : configFile;
        List<User> users = new ArrayList<>();
        if (management.usersFile() != null) {
            ManagementUsersConfig file = loader.load(management.usersFile(), ConfigKind.MANAGEMENT_USERS, ManagementUsersConfig.class);
            List<ConfigProblem> problems = new ArrayList<>();
            for (int i = 0; i < file.users().size(); i++) {
                ManagementUsersConfig.User user = file.users().get(i);
                String key = "users[" + i + "]";
                if (user.name() == null || !NAME.matcher(user.name()).matches() || CONSOLE_USER.equals(user.name())) {
                    problems.add(new ConfigProblem(management.usersFile(), key + ".name",
                            "expected 1-64 letters, digits or _.@- (not " + CONSOLE_USER + "), found " + (user.name() == null ? "nothing" : "'" + user.name() + "'")));
                    continue;
                }
                Optional<Secret> password = secrets.fromVariable(user.passwordEnv());
                if (password.isEmpty()) {
                    problems.add(new ConfigProblem(management.usersFile(), key + ".password_env",
                            "environment variable '" + user.passwordEnv() + "' for user " + user.name() + " is not set"));
                } else if (password.get().reveal().contains(",")) {
                    problems.add(new ConfigProblem(management.usersFile(), key + ".password_env",
                            "the password of user " + user.name() + " contains a comma, which the management server cannot take"));
                } else {
                    users.add(new User(user.name(), password.get()));
                }
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }
        List<ConfigProblem> exposed = new ArrayList<>();
        if (management.hawtio().enabled() && management.httpPort() == 0) {
            exposed.add(new ConfigProblem(where, "management.hawtio.enabled", "Hawtio shows the daemon through the management server's"
                    + " Jolokia, which management.http_port: 0 turns off; give the server a port"));
        }
        if (users.isEmpty() && management.httpPort() > 0 && !management.onLoopback()) {
            exposed.add(new ConfigProblem(where, "management.http_host", "is " + management.httpHost() + ", not loopback: the management server"
                    + " would answer anyone who reaches it; name its users in management.users_file (see docs/operations.md) or bind it to 127.0.0.1"));
        }
        if (users.isEmpty() && management.hawtio().enabled() && !management.hawtio().onLoopback()) {
            exposed.add(new ConfigProblem(where, "management.hawtio.host", "is " + management.hawtio().host() + ", not loopback: Hawtio"
                    + " would let anyone who reaches it stop routes; name its users in management.users_file (see docs/operations.md) or bind it to 127.0.0.1"));
        }
        if (!exposed.isEmpty()) {
            throw new ConfigException(exposed);
        }
        return new ManagementAccess(users);
    }

    /** Whether requests must carry a user's credentials. */
    public boolean required() {
        return !users.isEmpty();
    }

    public List<User> users() {
        return users;
    }

    public Optional<User> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    public User console() {
        return console;
    }

    /** Whether the name and password are one of the users' (compared in constant time). */
    public boolean accepts(String name, char[] password) {
        byte[] given = new String(password).getBytes(StandardCharsets.UTF_8);
        return user(name).map(u -> MessageDigest.isEqual(u.password().reveal().getBytes(StandardCharsets.UTF_8), given)).orElse(false);
    }

    /** Whether the name and password are a user's or the Hawtio console's own (which forwards to Jolokia). */
    public boolean acceptsOnServer(String name, char[] password) {
        if (console.name().equals(name)) {
            return MessageDigest.isEqual(console.password().reveal().getBytes(StandardCharsets.UTF_8),
                    new String(password).getBytes(StandardCharsets.UTF_8));
        }
        return accepts(name, password);
    }
}
