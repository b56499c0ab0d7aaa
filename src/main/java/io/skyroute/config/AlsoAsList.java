package io.skyroute.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A mapping-valued key (one entry per item, keyed by the item's id) that may also be written as a list
 * of items each naming its id in {@link #key()}. The seed writes the mapping; the list is skyroute's
 * older form, still read. The validator reports list items as {@code key[i]}, the mapping's as {@code key.id}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
public @interface AlsoAsList {

    /** The item key that holds its id in the list form. */
    String key();
}
