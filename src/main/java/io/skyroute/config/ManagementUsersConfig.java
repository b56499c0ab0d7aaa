package io.skyroute.config;

import java.util.List;

/**
 * Who may use the management server and Hawtio ({@code config/management-users.yaml}): each user's name and
 * the environment variable holding the password, so the file itself holds no secret.
 * <pre>
 * users:
 *   - name: ops
 *     password_env: SKYROUTE_OPS_PASSWORD
 * </pre>
 */
public record ManagementUsersConfig(List<User> users) {

    public ManagementUsersConfig {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record User(String name, String passwordEnv) {
    }
}
