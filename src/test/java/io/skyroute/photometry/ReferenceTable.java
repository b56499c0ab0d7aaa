package io.skyroute.photometry;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;

/** Reads one of the reference CSV files that src/test/python/photometry_reference.py wrote. */
public final class ReferenceTable {

    private ReferenceTable() {
    }

    public static List<CSVRecord> read(String name) {
        try (Reader in = Files.newBufferedReader(RealFrames.reference(name));
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            return parser.getRecords();
        } catch (IOException e) {
            throw new IllegalStateException(name, e);
        }
    }
}
