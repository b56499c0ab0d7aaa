package io.skyroute.config;

import java.util.Map;
import java.util.Optional;

/** Resolves secrets from environment variables whose names the configuration gives. */
public final class Secrets {

    private final Map<String, String> environment;

    public Secrets(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static Secrets fromSystemEnvironment() {
        return new Secrets(System.getenv());
    }

    /** The secret in the named variable, or empty when the name is null or the variable unset/blank. */
    public Optional<Secret> fromVariable(String variableName) {
        if (variableName == null || variableName.isBlank()) {
            return Optional.empty();
        }
        String value = environment.get(variableName);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Secret(value, "environment variable " + variableName));
    }

    /** A plain (non-secret) environment variable, such as a host override. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    }

    /** A secret written in a configuration file (the seed formats allow it; the configuration check warns). */
    public static Secret plain(String value, String configKey) {
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(configKey + ": no password (set the *_envvar key to an environment variable holding it)");
        }
        return new Secret(value, configKey);
    }

    /** The secret in the named variable; an error naming the variable and the key that names it when unset. */
    public Secret require(String variableName, String configKey) {
        return fromVariable(variableName).orElseThrow(() -> new IllegalStateException(
                "environment variable '" + variableName + "' (named by " + configKey + ") is not set"));
    }
}
