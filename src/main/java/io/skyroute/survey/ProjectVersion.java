package io.skyroute.survey;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.skyroute.config.ProjectConfig;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.Checksums;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AstroRetriever's version control: the products folder of a project. Without it, {@code <products_dir>/<name>};
 * with {@code version_control: true}, {@code <products_dir>/<name>_<sha256>} where the hash is of the final
 * configuration (every key with its default filled in, and the software version), saved there as
 * {@code config.yaml}: a changed parameter writes a new product set beside the old, never over it. Raw data
 * is outside (data_dir/surveys) and never versioned.
 */
public final class ProjectVersion {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            // paths as written, not as URIs: a URI gains a trailing slash once the folder exists, and the hash would change
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                    .addSerializer(Path.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializer(Path.class)));

    private ProjectVersion() {
    }

    /** The folder products go to (created, with its config.yaml when versioned). */
    public static Path folder(ProjectConfig project, Map<String, Object> analysis, String softwareVersion) throws IOException {
        if (!project.versionControl()) {
            Path folder = project.productsDir().resolve(project.name());
            Files.createDirectories(folder);
            return folder;
        }
        Map<String, Object> finalConfig = new LinkedHashMap<>();
        finalConfig.put("project", project);
        finalConfig.put("analysis", analysis);
        finalConfig.put("software_version", softwareVersion);
        byte[] yaml = YAML.writeValueAsBytes(finalConfig);
        String hash = HexFormat.of().formatHex(Checksums.newDigest("SHA-256").digest(yaml));
        Path folder = project.productsDir().resolve(project.name() + "_" + hash);
        Files.createDirectories(folder);
        Path config = folder.resolve("config.yaml");
        if (!Files.exists(config)) {
            AtomicFiles.write(new ByteArrayInputStream(yaml), config);
        }
        return folder;
    }
}
