package io.skyroute.timetag.events;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Reads time-tag event files with nom-tam-fits: the EVENTS table, the GTI table, the headers' metadata. */
public final class EventFiles {

    /** A file that is not a readable time-tag file; the message says why (it goes to bad data). */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    private EventFiles() {
    }

    /** Whether the name is one of the time-tag products (COS corrtag, segments a/b; STIS tag). */
    public static boolean isEventFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith("_corrtag.fits") || name.endsWith("_corrtag_a.fits") || name.endsWith("_corrtag_b.fits")
                || name.endsWith("_tag.fits");
    }

    public static EventFile read(Path file) throws IOException, Unreadable {
        java.util.logging.Logger.getLogger("nom.tam").setLevel(java.util.logging.Level.OFF);
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            if (hdus.length == 0) {
                throw new Unreadable("no HDUs");
            }
            Header primary = hdus[0].getHeader();
            BinaryTableHDU events = null;
            BinaryTableHDU gti = null;
            for (BasicHDU<?> hdu : hdus) {
                String extname = hdu.getHeader().getStringValue("EXTNAME");
                if (hdu instanceof BinaryTableHDU table && "EVENTS".equalsIgnoreCase(extname)) {
                    events = events == null ? table : events;
                } else if (hdu instanceof BinaryTableHDU table && "GTI".equalsIgnoreCase(extname)) {
                    gti = gti == null ? table : gti;
                }
            }
            if (events == null || events.findColumn("TIME") < 0) {
                throw new Unreadable("no EVENTS table with a TIME column");
            }
            Header eh = events.getHeader();
            double[] time = doubles(events, "TIME");
            int[] dq = events.findColumn("DQ") >= 0 ? ints(events, "DQ") : null;
            int[] pha = events.findColumn("PHA") >= 0 ? ints(events, "PHA") : null;
            double exptime = first(eh, primary, "EXPTIME");
            double[][] intervals;
            if (gti != null && gti.findColumn("START") >= 0 && gti.findColumn("STOP") >= 0) {
                double[] start = doubles(gti, "START");
                double[] stop = doubles(gti, "STOP");
                intervals = new double[start.length][];
                for (int i = 0; i < start.length; i++) {
                    intervals[i] = new double[]{start[i], stop[i]};
                }
            } else {
                intervals = new double[][]{{0, Double.isFinite(exptime) ? exptime : 0}};
            }
            String name = file.getFileName().toString();
            String segment = name.toLowerCase(Locale.ROOT).matches(".*_corrtag_[ab]\\.fits") ? name.substring(name.length() - 6, name.length() - 5)
                    .toUpperCase(Locale.ROOT) : first(eh, primary, "SEGMENT", "");
            return new EventFile(file, text(primary, eh, "ROOTNAME", name.replaceAll("_.*", "")), text(primary, eh, "TARGNAME", "UNKNOWN"),
                    text(primary, eh, "INSTRUME", "UNKNOWN"), text(primary, eh, "DETECTOR", ""), text(primary, eh, "OPT_ELEM", "NONE"),
                    cenwave(primary, eh), segment, exptime, first(eh, primary, "EXPSTART"), nullable(eh, primary, "EXPFLAG"),
                    (long) first(eh, primary, "SDQFLAGS", 0), time, dq, pha, intervals);
        } catch (RuntimeException e) {   // nom-tam's FitsException is one too
            throw new Unreadable("not a readable FITS file: " + e.getMessage());
        }
    }

    private static double[] doubles(BinaryTableHDU table, String column) {
        int n = table.getNRows();
        if (n == 0) {
            return new double[0];   // nom-tam has no column data to give for an empty table
        }
        Object data = table.getColumn(column);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = number(data, i, column);
        }
        return out;
    }

    private static int[] ints(BinaryTableHDU table, String column) {
        int n = table.getNRows();
        if (n == 0) {
            return new int[0];
        }
        Object data = table.getColumn(column);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) number(data, i, column);
        }
        return out;
    }

    private static double number(Object data, int i, String column) {
        if (data instanceof double[] d) {
            return d[i];
        } else if (data instanceof float[] f) {
            return f[i];
        } else if (data instanceof int[] v) {
            return v[i];
        } else if (data instanceof short[] v) {
            return v[i];
        } else if (data instanceof long[] v) {
            return v[i];
        } else if (data instanceof byte[] v) {
            return v[i] & 0xff;
        }
        throw new IllegalArgumentException("column " + column + " is not numeric");
    }

    private static double first(Header a, Header b, String key) {
        return first(a, b, key, Double.NaN);
    }

    private static double first(Header a, Header b, String key, double fallback) {
        if (a.containsKey(key)) {
            return a.getDoubleValue(key, fallback);
        }
        return b.containsKey(key) ? b.getDoubleValue(key, fallback) : fallback;
    }

    private static String first(Header a, Header b, String key, String fallback) {
        String v = nullable(a, b, key);
        return v == null ? fallback : v;
    }

    private static String nullable(Header a, Header b, String key) {
        String v = a.containsKey(key) ? a.getStringValue(key) : b.containsKey(key) ? b.getStringValue(key) : null;
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String text(Header primary, Header ext, String key, String fallback) {
        String v = nullable(primary, ext, key);
        return v == null ? fallback : v;
    }

    private static String cenwave(Header primary, Header ext) {
        for (Header h : new Header[]{primary, ext}) {
            if (h.containsKey("CENWAVE")) {
                return String.valueOf(h.getIntValue("CENWAVE", 0));
            }
        }
        return "0";
    }
}
