package io.skyroute.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A key that holds a secret in the file itself. Accepted for compatibility with the seed formats,
 * but loading it produces a warning that names the environment-variable key to use instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
public @interface PlainSecret {
    /** The key that names an environment variable holding the same secret. */
    String useInstead();
}
