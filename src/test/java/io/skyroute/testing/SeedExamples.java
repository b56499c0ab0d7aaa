package io.skyroute.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed tools' own example files (test resources under {@code seed/}, verbatim), copied into a test's
 * folder with only their placeholders replaced: {@code /path/to/...} values by the test's folders, the
 * archive URL by a stand-in's.
 */
public final class SeedExamples {

    private SeedExamples() {
    }

    /** The example as the seed ships it. */
    public static String text(String name) {
        try (InputStream in = SeedExamples.class.getResourceAsStream("/seed/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no seed example " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the example to {@code dir/name} with each key of {@code replace} (a literal text) replaced by its value. */
    public static Path copy(String name, Path dir, Map<String, String> replace) throws IOException {
        String text = text(name);
        for (Map.Entry<String, String> r : replace.entrySet()) {
            if (!text.contains(r.getKey())) {
                throw new IllegalArgumentException(name + " has no '" + r.getKey() + "' to replace");
            }
            text = text.replace(r.getKey(), r.getValue());
        }
        return Files.writeString(dir.resolve(name), text);
    }

    /** An ordered replacement map from pairs. */
    public static Map<String, String> replacing(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
