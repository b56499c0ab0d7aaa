package io.skyroute.config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.net.URLEncoder;
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

    /**
     * A credential that must never appear in logs or the ledger, in every form a server or a client may echo it:
     * raw, base64, JSON-escaped (with and without non-ASCII and '/' escaped) and URL-encoded (form and path style,
     * upper- and lower-case hex).
     */
    public static void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            return;
        }
        boolean added = false;
        for (String form : encodings(secret)) {
            added |= KNOWN.add(form);
        }
        if (added) {
            synchronized (LONGEST_FIRST) {
                LONGEST_FIRST.clear();
                KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).forEach(LONGEST_FIRST::add);
            }
        }
    }

    /** A user's name and password as HTTP Basic sends them (base64 of {@code user:password}), and the password itself. */
    public static void registerCredentials(String user, String password) {
        register(password);
        if (password != null && user != null) {
            register(Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
    }

    static Set<String> encodings(String secret) {
        Set<String> forms = new java.util.LinkedHashSet<>();
        forms.add(secret);
        forms.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        String json = new String(JsonStringEncoder.getInstance().quoteAsString(secret));
        String jsonAscii = asciiOnly(json);
        for (String quoted : List.of(json, jsonAscii, upperHexEscapes(jsonAscii))) {
            forms.add(quoted);
            forms.add(quoted.replace("/", "\\/"));  // '/' escaped too, as PHP and some Java writers do
        }
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(form);
        forms.add(form.replace("+", "%20"));
        forms.add(lowerHexPercent(form));
        forms.add(lowerHexPercent(form.replace("+", "%20")));
        forms.removeIf(f -> f.length() < MIN_LENGTH);
        return forms;
    }

    private static String asciiOnly(String json) {
        StringBuilder out = new StringBuilder(json.length());
        json.chars().forEach(c -> out.append(c < 0x80 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }

    private static String upperHexEscapes(String json) {
        return Pattern.compile("\\\\u([0-9A-Fa-f]{4})").matcher(json).replaceAll(m -> "\\\\u" + m.group(1).toUpperCase(java.util.Locale.ROOT));
    }

    private static String lowerHexPercent(String encoded) {
        return Pattern.compile("%[0-9A-F]{2}").matcher(encoded).replaceAll(m -> m.group().toLowerCase(java.util.Locale.ROOT));
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
