package io.skyroute.analysis.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The few HTML pieces the pages share. Escaping is five characters, written here rather than pulling
 * in a template engine for static pages (see README, dependencies).
 */
final class Html {

    /** JSON that cannot end or open a tag, an entity or a JavaScript line inside an HTML {@code <script>} element. */
    private static final ObjectMapper SCRIPT_JSON = new ObjectMapper();

    static {
        SCRIPT_JSON.getFactory().setCharacterEscapes(new CharacterEscapes() {
            private final int[] escapes = standardAsciiEscapesForJSON();

            {
                escapes['<'] = ESCAPE_STANDARD;
                escapes['>'] = ESCAPE_STANDARD;
                escapes['&'] = ESCAPE_STANDARD;
                escapes['\''] = ESCAPE_STANDARD;
            }

            @Override
            public int[] getEscapeCodesForAscii() {
                return escapes;
            }

            @Override
            public SerializableString getEscapeSequence(int ch) {
                return null;  // only standard escapes are asked for
            }
        });
        SCRIPT_JSON.getFactory().configure(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature(), true);
    }

    private Html() {
    }

    /**
     * A value as JSON for a {@code <script type="application/json">} block: {@code < > & '} and every non-ASCII
     * character (U+2028/2029 among them) written as a JSON unicode escape, so no header value can close the element.
     */
    static String jsonInScript(Object value) {
        try {
            return SCRIPT_JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON-serialisable: " + e.getOriginalMessage(), e);
        }
    }

    /** A relative path as a URL: each segment percent-encoded (a file name with '?', '#', '%' or a space stays one file). */
    static String pathUrl(String path) {
        return Arrays.stream(path.split("/", -1)).map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A number as a table shows it: 4 significant digits, blank when not finite. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "";
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    /** A sortable cell: shown rounded, sorted on the full value. */
    static String cell(double v) {
        return Double.isFinite(v) ? "<td data-sort=\"" + v + "\">" + number(v) + "</td>" : "<td data-sort=\"\"></td>";
    }

    static String head(String title, String assets) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + assets + "/sortable.min.css\">\n"
                + "<link rel=\"stylesheet\" href=\"" + assets + "/uPlot.min.css\">\n"
                + "<style>body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;font-size:0.9em}"
                + "td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}td.l,th.l{text-align:left}"
                + "nav a{margin-right:1em}img.thumb{width:160px}.flag{color:#c81e1e}</style></head><body>\n";
    }

    static String nav(String root) {
        return "<nav><a href=\"" + root + "index.html\">all</a><a href=\"" + root + "interesting.html\">interesting</a><a href=\"" + root
                + "boring.html\">boring</a><a href=\"" + root + "null.html\">null</a><a href=\"" + root
                + "exptime_histogram.html\">exposure</a><a href=\"" + root + "opt_elem.html\">filters</a><a href=\"" + root
                + "configurations.html\">configurations</a></nav>\n";
    }
}
