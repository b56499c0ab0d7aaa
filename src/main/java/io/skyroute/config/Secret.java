package io.skyroute.config;

/** A secret value taken from the environment; it prints as a mask so it can never reach a log by accident. */
public final class Secret {

    private final String value;
    private final String source;

    Secret(String value, String source) {
        this.value = value;
        this.source = source;
        Redaction.register(value);
    }

    /** The secret itself, for the one call that needs it (an HTTP header, a JDBC connection). */
    public String reveal() {
        return value;
    }

    /** Where the secret came from, e.g. "environment variable LCO_TOKEN" — safe to log. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "******";
    }
}
