package io.skyroute.config;

/**
 * A configuration value type parsed from one string (a cron expression, a date or "none", ...).
 * Implementations have a public static {@code parse(String)} factory that throws
 * {@link IllegalArgumentException} with a readable reason; the validator reports that reason with
 * the file and key.
 */
public interface ConfigValue {
}
