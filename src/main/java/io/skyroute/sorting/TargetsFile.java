package io.skyroute.sorting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.skyroute.config.SkyCoordinates;
import io.skyroute.pipeline.TargetPositions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The targets file a team keeps: {@code name, aliases, ra, dec} per target, as CSV (aliases separated by
 * {@code ;}) or YAML (a list of mappings with the same keys, aliases a list). RA/Dec in degrees or
 * sexagesimal. A row with coordinates that do not parse is reported with the file, the row and the value.
 */
public final class TargetsFile implements TargetPositions {

    private final Path file;
    private final Map<String, TargetPosition> byName;

    private TargetsFile(Path file, Map<String, TargetPosition> byName) {
        this.file = file;
        this.byName = byName;
    }

    public static TargetsFile read(Path file) {
        List<String[]> rows = file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.ya?ml") ? yaml(file) : csv(file);
        Map<String, TargetPosition> byName = new LinkedHashMap<>();
        int line = 0;
        for (String[] row : rows) {
            line++;
            String name = row[0];
            String ra = row[2];
            String dec = row[3];
            try {
                SkyCoordinates.ra(ra);
                SkyCoordinates.dec(dec);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": target " + line + " (" + name + "): " + e.getMessage());
            }
            TargetPosition position = new TargetPosition(ra, dec, "the targets file " + file + " (" + name + ")");
            byName.put(TargetPositions.normalise(name), position);
            for (String alias : row[1].split(";")) {
                if (!alias.isBlank()) {
                    byName.putIfAbsent(TargetPositions.normalise(alias), position);
                }
            }
        }
        return new TargetsFile(file, byName);
    }

    @Override
    public Optional<TargetPosition> find(String name) {
        return Optional.ofNullable(byName.get(TargetPositions.normalise(name)));
    }

    public int size() {
        return (int) byName.values().stream().distinct().count();
    }

    private static List<String[]> csv(Path file) {
        try (Reader in = Files.newBufferedReader(file);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                     .setCommentMarker('#').get().parse(in)) {
            for (String column : List.of("name", "ra", "dec")) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new IllegalArgumentException(file + ": no '" + column + "' column (expected name, aliases, ra, dec)");
                }
            }
            List<String[]> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                rows.add(new String[]{record.get("name"), record.isMapped("aliases") ? record.get("aliases") : "", record.get("ra"),
                        record.get("dec")});
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the targets file " + file, e);
        }
    }

    private static List<String[]> yaml(Path file) {
        try {
            JsonNode root = new YAMLMapper().readTree(file.toFile());
            JsonNode list = root != null && root.has("targets") ? root.get("targets") : root;
            if (list == null || !list.isArray()) {
                throw new IllegalArgumentException(file + ": expected a list of targets (name, aliases, ra, dec)");
            }
            List<String[]> rows = new ArrayList<>();
            for (JsonNode t : list) {
                List<String> aliases = new ArrayList<>();
                t.path("aliases").forEach(a -> aliases.add(a.asText()));
                rows.add(new String[]{t.path("name").asText(), String.join(";", aliases), t.path("ra").asText(), t.path("dec").asText()});
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the targets file " + file, e);
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
