package io.skyroute.reduction;

import io.skyroute.photometry.ensemble.LightcurvePoint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lightcurve point's times as the products write them (MJD, BJD_TDB, HJD_UTC, each the shortest decimal),
 * remembered by frame: a frame's times never change, and formatting them again on every reduction was two fifths of
 * writing a 2,000-point lightcurve's tables. An entry is used only while the point's times are the remembered ones;
 * at {@code capacity} frames the memo starts again empty (a daemon with more frames than that formats as before).
 */
final class TimeTexts {

    /** The three times and their texts. */
    record Text(double mjd, double bjdTdb, double hjdUtc, String mjdText, String joined) {

        boolean of(LightcurvePoint p) {
            return Double.compare(p.mjd(), mjd) == 0 && Double.compare(p.bjdTdb(), bjdTdb) == 0 && Double.compare(p.hjdUtc(), hjdUtc) == 0;
        }
    }

    private final Map<String, Text> byFrame = new ConcurrentHashMap<>();
    private final int capacity;

    TimeTexts(int capacity) {
        this.capacity = capacity;
    }

    /** The point's times: {@code mjdText} the MJD alone, {@code joined} all three separated by single spaces. */
    Text of(LightcurvePoint p) {
        Text text = byFrame.get(p.frame());
        if (text != null && text.of(p)) {
            return text;
        }
        String mjd = ShortestDecimal.of(p.mjd());
        text = new Text(p.mjd(), p.bjdTdb(), p.hjdUtc(), mjd, mjd + ' ' + ShortestDecimal.of(p.bjdTdb()) + ' ' + ShortestDecimal.of(p.hjdUtc()));
        if (byFrame.size() >= capacity) {
            byFrame.clear();
        }
        byFrame.put(p.frame(), text);
        return text;
    }

    int size() {
        return byFrame.size();
    }
}
