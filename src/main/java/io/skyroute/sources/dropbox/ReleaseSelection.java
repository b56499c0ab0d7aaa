package io.skyroute.sources.dropbox;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The VAST Pilot downloader's filters, all combinable (a file must pass every one given):
 * epochs ({@code 1,2,4x} -> {@code EPOCH01, EPOCH02, EPOCH04x}), fields (by name in the file name),
 * Stokes parameters, file kinds to skip, combined-only or tiles-only, and the legacy releases
 * ({@code /LEGACY/...}) left out unless asked for.
 */
public final class ReleaseSelection {

    /** What to keep; empty sets mean "all". */
    public record Filters(Set<String> epochs, Set<String> fields, Set<String> userFiles, Set<String> stokes, boolean skipXml,
                          boolean skipTxt, boolean skipQc, boolean skipComponents, boolean skipIslands, boolean skipFieldImages,
                          boolean skipBkgImages, boolean skipRmsImages, boolean skipAllImages, boolean combinedOnly, boolean tileOnly,
                          boolean includeLegacy, String legacyVersion) {
    }

    private ReleaseSelection() {
    }

    /** {@code 1} -> {@code EPOCH01}, {@code 4x} -> {@code EPOCH04x}, {@code EPOCH12} stays. */
    public static String epochFolder(String epoch) {
        String e = epoch.trim();
        if (e.toUpperCase(Locale.ROOT).startsWith("EPOCH")) {
            return "EPOCH" + e.substring(5);
        }
        String digits = e.replaceAll("\\D", "");
        String suffix = e.substring(digits.length());
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("epoch: expected a number like 1, 2 or 4x, found '" + epoch + "'");
        }
        return String.format(Locale.ROOT, "EPOCH%02d%s", Integer.parseInt(digits), suffix);
    }

    public static Set<String> epochs(List<String> given) {
        return given.stream().map(ReleaseSelection::epochFolder).collect(Collectors.toSet());
    }

    public static Predicate<ReleaseFile> of(Filters f) {
        return file -> {
            String path = file.path();
            String name = file.name();
            String lower = path.toLowerCase(Locale.ROOT);
            boolean legacy = path.startsWith("/LEGACY/");
            if (legacy) {
                if (f.legacyVersion() != null) {
                    return path.startsWith("/LEGACY/" + f.legacyVersion() + "/") && common(f, path, name, lower);
                }
                if (!f.includeLegacy()) {
                    return false;
                }
            } else if (f.legacyVersion() != null) {
                return false;
            }
            return common(f, path, name, lower);
        };
    }

    private static boolean common(Filters f, String path, String name, String lower) {
        if (!f.userFiles().isEmpty()) {
            return f.userFiles().contains(path) || f.userFiles().contains(name);
        }
        if (!f.epochs().isEmpty() && f.epochs().stream().noneMatch(e -> path.contains("/" + e + "/"))) {
            return false;
        }
        if (!f.fields().isEmpty() && f.fields().stream().noneMatch(name::contains)) {
            return false;
        }
        if (!f.stokes().isEmpty() && path.contains("/STOKES")
                && f.stokes().stream().noneMatch(s -> path.contains("/STOKES" + s.toUpperCase(Locale.ROOT) + "_"))) {
            return false;
        }
        String lowerName = name.toLowerCase(Locale.ROOT);
        boolean image = lowerName.endsWith(".fits");
        boolean rms = image && lowerName.contains("_rms.");
        boolean bkg = image && lowerName.contains("_bkg.");
        return !(f.skipXml() && lower.endsWith(".xml"))
                && !(f.skipTxt() && lower.endsWith(".txt"))
                && !(f.skipQc() && path.contains("/QC/"))
                && !(f.skipComponents() && lower.contains(".components."))
                && !(f.skipIslands() && lower.contains(".islands."))
                && !(f.skipAllImages() && image)
                && !(f.skipRmsImages() && rms)
                && !(f.skipBkgImages() && bkg)
                && !(f.skipFieldImages() && image && !rms && !bkg)
                && !(f.combinedOnly() && !path.contains("/COMBINED/"))
                && !(f.tileOnly() && !path.contains("/TILES/"));
    }
}
