package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The seed's {@code tom_config.yaml}. The password should come from the environment variable named by
 * {@code tom_password_envvar}; the seed's plain {@code tom_password} is accepted but warned about.
 */
public record TomConfig(
        @JsonProperty(required = true) @ValueFormat(ValueFormat.Form.HTTP_URL) String url,
        @JsonProperty(required = true) String tomUserId,
        @PlainSecret(useInstead = "tom_password_envvar") String tomPassword,
        String tomPasswordEnvvar) {
}
