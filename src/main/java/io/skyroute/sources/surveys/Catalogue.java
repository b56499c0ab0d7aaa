package io.skyroute.sources.surveys;

import io.skyroute.config.ProjectConfig;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a project's catalogue: a CSV (header row) or a FITS binary table, with the configured name, RA and Dec
 * columns (degrees) and an optional magnitude. A row that cannot be used is an error naming the file, the row
 * and the column: a catalogue is the user's, and a silently dropped source is a lost one.
 */
public final class Catalogue {

    private Catalogue() {
    }

    public static List<SurveyTarget> read(ProjectConfig.CatalogueConfig config) throws IOException {
        String name = config.file().getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".fits") || name.endsWith(".fit") || name.endsWith(".fits.gz") ? fits(config) : csv(config);
    }

    private static List<SurveyTarget> csv(ProjectConfig.CatalogueConfig c) throws IOException {
        List<SurveyTarget> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(c.file());
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                     .setCommentMarker('#').get().parse(in)) {
            for (String column : List.of(c.nameColumn(), c.raColumn(), c.decColumn())) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new IOException(c.file() + ": no column '" + column + "' (columns: " + parser.getHeaderNames() + ")");
                }
            }
            boolean hasMag = parser.getHeaderMap().containsKey(c.magColumn());
            int row = 0;
            for (CSVRecord r : parser) {
                out.add(target(c.file(), row++, r.get(c.nameColumn()), r.get(c.raColumn()), r.get(c.decColumn()),
                        hasMag ? r.get(c.magColumn()) : ""));
            }
        }
        return out;
    }

    private static List<SurveyTarget> fits(ProjectConfig.CatalogueConfig c) throws IOException {
        try (Fits fits = new Fits(c.file().toFile())) {
            for (BasicHDU<?> hdu : fits.read()) {
                if (hdu instanceof BinaryTableHDU table && table.findColumn(c.nameColumn()) >= 0) {
                    List<SurveyTarget> out = new ArrayList<>();
                    int n = table.getNRows();
                    for (int i = 0; i < n; i++) {
                        Object[] row = table.getRow(i);
                        out.add(target(c.file(), i, cell(row[table.findColumn(c.nameColumn())]), cell(row[column(table, c.raColumn(), c)]),
                                cell(row[column(table, c.decColumn(), c)]), table.findColumn(c.magColumn()) >= 0
                                        ? cell(row[table.findColumn(c.magColumn())]) : ""));
                    }
                    return out;
                }
            }
            throw new IOException(c.file() + ": no binary table with a '" + c.nameColumn() + "' column");
        } catch (RuntimeException e) {
            throw new IOException(c.file() + ": not a readable FITS catalogue: " + e.getMessage(), e);
        }
    }

    private static int column(BinaryTableHDU table, String name, ProjectConfig.CatalogueConfig c) throws IOException {
        int index = table.findColumn(name);
        if (index < 0) {
            throw new IOException(c.file() + ": no column '" + name + "'");
        }
        return index;
    }

    private static String cell(Object value) {
        if (value instanceof String s) {
            return s.trim();
        }
        if (value != null && value.getClass().isArray() && java.lang.reflect.Array.getLength(value) == 1) {
            return String.valueOf(java.lang.reflect.Array.get(value, 0)).trim();
        }
        return String.valueOf(value).trim();
    }

    private static SurveyTarget target(Path file, int row, String name, String ra, String dec, String mag) throws IOException {
        try {
            double r = Double.parseDouble(ra);
            double d = Double.parseDouble(dec);
            if (name.isBlank() || !(r >= 0 && r < 360) || !(d >= -90 && d <= 90)) {
                throw new NumberFormatException("name '" + name + "', ra " + ra + ", dec " + dec + " out of range");
            }
            return new SurveyTarget(row, name, r, d, mag.isBlank() ? Double.NaN : Double.parseDouble(mag));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": row " + (row + 1) + ": " + e.getMessage());
        }
    }
}
