package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The VAST Pilot downloader's {@code dropbox.cfg} (INI): a {@code [dropbox]} section with the shared
 * link, its password and an access token. Secrets may (and should) come from environment variables
 * named by the {@code *_envvar} keys; values kept in the file are accepted with a warning.
 */
public record DropboxConfig(@JsonProperty(required = true) Section dropbox) {

    public record Section(
            @JsonProperty(required = true) String sharedUrl,
            @PlainSecret(useInstead = "password_envvar") String password,
            String passwordEnvvar,
            @PlainSecret(useInstead = "access_token_envvar") String accessToken,
            String accessTokenEnvvar) {
    }
}
