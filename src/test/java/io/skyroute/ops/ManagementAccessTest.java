package io.skyroute.ops;

import io.skyroute.config.ConfigException;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.HawtioConfig;
import io.skyroute.config.ManagementConfig;
import io.skyroute.config.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagementAccessTest {

    @TempDir
    Path dir;

    private ManagementConfig management(String host, Path users, HawtioConfig hawtio) {
        return new ManagementConfig(null, 8081, host, null, users, null, null, null, hawtio, null);
    }

    private Path users(String yaml) throws Exception {
        return Files.writeString(dir.resolve("management-users.yaml"), yaml);
    }

    @Test
    void loopbackWithoutUsersIsOpenAndAnythingElseNeedsUsers() {
        ConfigLoader loader = new ConfigLoader(Map.of());
        assertThat(ManagementAccess.load(management("127.0.0.1", null, null), loader, new Secrets(Map.of()), null).required()).isFalse();
        assertThatThrownBy(() -> ManagementAccess.load(management("0.0.0.0", null, null), loader, new Secrets(Map.of()), Path.of("s.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("s.yaml: management.http_host: is 0.0.0.0, not loopback");
        assertThatThrownBy(() -> ManagementAccess.load(management("127.0.0.1", null, new HawtioConfig(true, "0.0.0.0", 8090, null)), loader,
                new Secrets(Map.of()), Path.of("s.yaml"))).hasMessageContaining("management.hawtio.host: is 0.0.0.0, not loopback");
        assertThatThrownBy(() -> ManagementAccess.load(new ManagementConfig(null, 0, null, null, null, null, null, null,
                new HawtioConfig(true, null, null, null), null), loader, new Secrets(Map.of()), Path.of("s.yaml")))
                .hasMessageContaining("management.hawtio.enabled: Hawtio shows the daemon through the management server's Jolokia");
    }

    @Test
    void usersComeWithTheirPasswordsFromTheEnvironmentAndAreCheckedInConstantTime() throws Exception {
        Path file = users("""
                users:
                  - name: ops
                    password_env: OPS_PW
                  - name: night-shift
                    password_env: NIGHT_PW
                """);
        ManagementAccess access = ManagementAccess.load(management("0.0.0.0", file, null), new ConfigLoader(Map.of()),
                new Secrets(Map.of("OPS_PW", "s3cret=one", "NIGHT_PW", "two")), null);
        assertThat(access.required()).isTrue();
        assertThat(access.accepts("ops", "s3cret=one".toCharArray())).isTrue();
        assertThat(access.accepts("ops", "two".toCharArray())).isFalse();
        assertThat(access.accepts("nobody", "two".toCharArray())).isFalse();
        assertThat(access.console().password().reveal()).hasSizeGreaterThan(20);

        assertThat(access.acceptsOnServer(ManagementAccess.CONSOLE_USER, access.console().password().reveal().toCharArray())).isTrue();
        assertThat(access.acceptsOnServer(ManagementAccess.CONSOLE_USER, "s3cret=one".toCharArray())).isFalse();
        assertThat(access.acceptsOnServer("ops", "s3cret=one".toCharArray())).isTrue();
        assertThat(access.accepts(ManagementAccess.CONSOLE_USER, access.console().password().reveal().toCharArray()))
                .as("the console's user is not a person's log-in (Hawtio's form)").isFalse();
    }

    @Test
    void aMissingVariableABadNameOrACommaInAPasswordIsReportedWithItsKey() throws Exception {
        Path file = users("""
                users:
                  - name: ops
                    password_env: OPS_PW
                  - name: "bad name"
                    password_env: X
                  - name: comma
                    password_env: COMMA_PW
                """);
        assertThatThrownBy(() -> ManagementAccess.load(management("127.0.0.1", file, null), new ConfigLoader(Map.of()),
                new Secrets(Map.of("COMMA_PW", "a,b")), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ": users[0].password_env: environment variable 'OPS_PW' for user ops is not set")
                .hasMessageContaining(file + ": users[1].name: expected 1-64 letters, digits or _.@-")
                .hasMessageContaining(file + ": users[2].password_env: the password of user comma contains a comma")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("a,b"));
    }
}
