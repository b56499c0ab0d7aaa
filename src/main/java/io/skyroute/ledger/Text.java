package io.skyroute.ledger;

/** Fits free text (error messages) into bounded columns. */
final class Text {

    private Text() {
    }

    static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }
}
