package io.skyroute.ops;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.skyroute.config.Redaction;

/**
 * A pattern layout whose every line (message and stack trace) passes through {@link Redaction}: a server
 * reply that echoes a credential, or an exception that quotes one, never reaches the console or a log file.
 */
public class RedactingPatternLayout extends PatternLayout {

    @Override
    public String doLayout(ILoggingEvent event) {
        return Redaction.redact(super.doLayout(event));
    }
}
