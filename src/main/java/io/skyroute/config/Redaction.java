package io.skyroute.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Takes credentials out of text before it is logged or stored: every secret this process has resolved
 * (and its base64 form), any credential a client registered (a whole Basic header, say), and anything
 * that looks like an Authorization value. Server replies can echo what they were sent, so every reply
 * body, exception message and dead-letter reason passes through here.
 */
public final class Redaction {

    public static final String MASK = "******";

    /** Secrets shorter than this are not searched for as plain text (they would mask ordinary words). */
    static final int MIN_LENGTH = 4;

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static final List<String> LONGEST_FIRST = new CopyOnWriteArrayList<>();

    // "Authorization: Token abc", "Basic dXNlcjpwdw==", "Bearer x.y.z", JSON "authorization": "..."
    private static final Pattern SCHEME_VALUE = Pattern.compile("\\b(Basic|Bearer|Token)(\\s+)([A-Za-z0-9+/=._~-]{8,})");
    private static final Pattern AUTHORIZATION_FIELD = Pattern.compile(
            "(?i)(\"?(?:authorization|password|passwd|token|access_token|api_key|apikey|secret)\"?\\s*[:=]\\s*\"?)(?!\\*{6})[^\\s\",;}&]+");

    private Redaction() {
    }

    /** A credential (and its base64 form) that must never appear in logs or the ledger. */
    public static void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            return;
        }
        boolean added = KNOWN.add(secret);
        added |= KNOWN.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        if (added) {
            synchronized (LONGEST_FIRST) {
                LONGEST_FIRST.clear();
                KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).forEach(LONGEST_FIRST::add);
            }
        }
    }

    /** The text with every known secret and every credential-looking value masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : LONGEST_FIRST) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        out = SCHEME_VALUE.matcher(out).replaceAll(m -> looksLikeCredential(m.group(3))
                ? m.group(1) + m.group(2) + MASK : java.util.regex.Matcher.quoteReplacement(m.group()));
        return AUTHORIZATION_FIELD.matcher(out).replaceAll("$1" + MASK);
    }

    /** A word after "Basic"/"Token" is a credential when it has digits or base64 padding, or is long; prose is not. */
    private static boolean looksLikeCredential(String value) {
        return value.length() >= 20 || value.chars().anyMatch(c -> Character.isDigit(c) || c == '=' || c == '+' || c == '/');
    }
}
