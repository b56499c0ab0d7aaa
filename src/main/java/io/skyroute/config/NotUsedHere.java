package io.skyroute.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A seed key that skyroute accepts so the seed's file works unchanged, but has no use for. Loading a
 * file that sets it produces a note (logged once at info level, shown by {@code config check}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
public @interface NotUsedHere {

    /** Why the key means nothing to skyroute. */
    String value();
}
