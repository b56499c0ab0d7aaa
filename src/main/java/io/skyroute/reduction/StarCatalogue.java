package io.skyroute.reduction;

import io.skyroute.photometry.detection.SkyMatcher;
import io.skyroute.photometry.detection.Source;
import io.skyroute.photometry.aperture.Star;
import io.skyroute.photometry.aperture.StarList;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The stars of a field, measured on every frame of every dataset of the target: detected once on a
 * reference image, kept in {@code <target folder>/star_catalog.csv} ({@code name,ra,dec}) so that all
 * of the target's datasets (instruments, filters) share names. The target is the catalogue star within
 * 2 arcsec of its coordinates, or is added at them.
 */
final class StarCatalogue {

    static final String FILE = io.skyroute.pipeline.Dataset.CATALOGUE_FILE;
    static final double TARGET_MATCH_ARCSEC = 2.0;
    private static final int MAX_STARS = 400;
    private static final int EDGE_PX = 10;

    private StarCatalogue() {
    }

    /** Bright, unsaturated sources away from the edges, brightest first, named S0001...; the target added or renamed. */
    static List<Star> fromDetections(List<Source> sources, int width, int height, Star target) {
        List<Star> stars = new ArrayList<>();
        for (Source s : sources) {
            if (stars.size() >= MAX_STARS) {
                break;
            }
            if (!s.saturated() && s.x() > EDGE_PX && s.y() > EDGE_PX && s.x() < width - EDGE_PX && s.y() < height - EDGE_PX) {
                stars.add(new Star(String.format("S%04d", stars.size() + 1), s.ra(), s.dec()));
            }
        }
        return withTarget(stars, target);
    }

    /**
     * The list with the star nearest the target (within 2 arcsec) named as the target, or the target appended.
     * A star that carries the target's name from an earlier run but is not where the target now is (its
     * coordinates were corrected) is just another star again, under a name of its own.
     */
    static List<Star> withTarget(List<Star> stars, Star target) {
        Star match = new SkyMatcher<>(stars, Star::ra, Star::dec).nearest(target.ra(), target.dec(), TARGET_MATCH_ARCSEC);
        List<Star> named = new ArrayList<>();
        boolean present = false;
        int renamed = 0;
        for (Star s : stars) {
            if (s == match) {
                named.add(new Star(target.name(), s.ra(), s.dec()));
                present = true;
            } else if (s.name().equals(target.name())) {
                named.add(new Star(String.format("N%04d", ++renamed), s.ra(), s.dec()));
            } else {
                named.add(s);
            }
        }
        if (!present) {
            named.add(target);
        }
        return named;
    }

    static List<Star> read(Path file) {
        return StarList.read(file);
    }

    static void write(Path file, List<Star> stars) throws IOException {
        Products.text(file, out -> {
            CSVPrinter printer = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader("name", "ra", "dec").get().print(out);
            for (Star s : stars) {
                printer.printRecord(s.name(), s.ra(), s.dec());
            }
            printer.flush();
        });
    }
}
