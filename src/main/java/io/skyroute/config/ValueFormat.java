package io.skyroute.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A text or path key whose value must have a form the validator checks. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
public @interface ValueFormat {

    Form value();

    enum Form {
        /** An absolute http(s) URL with a host. */
        HTTP_URL,
        /** Right ascension: degrees or hh:mm:ss. */
        RIGHT_ASCENSION,
        /** Declination: degrees or dd:mm:ss. */
        DECLINATION,
        /** A folder, or a path where one can be made: not an existing file. */
        FOLDER,
        /** A host name or address to bind to. */
        HOST
    }
}
