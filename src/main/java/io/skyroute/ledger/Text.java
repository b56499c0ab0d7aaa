package io.skyroute.ledger;

/** Fits free text (error messages, server replies) into bounded columns, with credentials taken out first. */
final class Text {

    private Text() {
    }

    static String clip(String text, int max) {
        text = io.skyroute.config.Redaction.redact(text);
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }
}
