package io.skyroute.analysis.pages;

import java.util.Locale;

/**
 * The few HTML pieces the pages share. Escaping is five characters, written here rather than pulling
 * in a template engine for static pages (see README, dependencies).
 */
final class Html {

    private Html() {
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
