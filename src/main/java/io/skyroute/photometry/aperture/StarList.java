package io.skyroute.photometry.aperture;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads a star list: CSV with a header naming at least {@code name,ra,dec} (degrees). */
public final class StarList {

    private StarList() {
    }

    /** Every problem names the file, line and column; duplicate names are refused (rows are keyed by name). */
    public static List<Star> read(Path file) {
        String where = file.getFileName().toString();
        try (Reader in = Files.newBufferedReader(file);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                     .setIgnoreEmptyLines(true).get().parse(in)) {
            for (String column : List.of("name", "ra", "dec")) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new IllegalArgumentException(where + ": no '" + column + "' column (the header must name name,ra,dec)");
                }
            }
            List<Star> stars = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (CSVRecord row : parser) {
                String name = row.get("name");
                double ra = number(where, row, "ra");
                double dec = number(where, row, "dec");
                if (name.isEmpty() || !names.add(name)) {
                    throw new IllegalArgumentException(where + ": line " + (row.getRecordNumber() + 1) + ": name '" + name + "' is empty or repeated");
                }
                if (ra < 0 || ra >= 360 || dec < -90 || dec > 90) {
                    throw new IllegalArgumentException(where + ": line " + (row.getRecordNumber() + 1) + ": ra/dec out of range (" + ra + ", " + dec + ")");
                }
                stars.add(new Star(name, ra, dec));
            }
            return stars;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(where + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static double number(String where, CSVRecord row, String column) {
        String text = row.isSet(column) ? row.get(column) : "";
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": line " + (row.getRecordNumber() + 1) + ": " + column
                    + ": expected degrees, found '" + text + "'");
        }
    }
}
