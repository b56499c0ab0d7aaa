package io.skyroute.sorting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.skyroute.pipeline.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a dataset directory ready for reduction: creates it and, when it has none, writes its
 * {@code reduction_config.yaml} from the default template with {@code target.name}, {@code target.RA}
 * and {@code target.Dec} filled from the frame header — unless the template already describes this
 * very target (same name, with coordinates): a frame's RA/DEC cards are where the telescope pointed,
 * which for an offset field is not where the target is. An existing configuration is never touched.
 */
public final class DatasetPreparation {

    public static final String CONFIG_FILE = io.skyroute.pipeline.Dataset.CONFIG_FILE;
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Path template;

    /** @param template the default {@code reduction_config.yaml} ({@code default_red_config}); null for a minimal one */
    public DatasetPreparation(Path template) {
        this.template = template;
    }

    /** Returns true when it wrote a new configuration. */
    public boolean prepare(Path datasetDir, String targetName, FrameHeader header) throws IOException {
        Files.createDirectories(datasetDir);
        Path config = datasetDir.resolve(CONFIG_FILE);
        if (Files.exists(config)) {
            return false;
        }
        ObjectNode root = template == null ? JsonNodeFactory.instance.objectNode() : asObject(YAML.readTree(template.toFile()));
        ObjectNode target = root.has("target") && root.get("target").isObject() ? (ObjectNode) root.get("target") : root.putObject("target");
        boolean templateKnowsTarget = targetName.equalsIgnoreCase(target.path("name").asText(""))
                && !target.path("RA").asText("").isBlank() && !target.path("Dec").asText("").isBlank();
        target.put("name", targetName);
        if (!templateKnowsTarget) {
            header.ra().ifPresent(ra -> target.put("RA", ra));
            header.dec().ifPresent(dec -> target.put("Dec", dec));
        }
        byte[] yaml = YAML.writeValueAsBytes(root);
        try {
            Files.createFile(datasetDir.resolve("." + CONFIG_FILE + ".claim")); // only one writer per dataset
        } catch (java.nio.file.FileAlreadyExistsException another) {
            return false;
        }
        try {
            if (Files.exists(config)) {
                return false;
            }
            AtomicFiles.write(new ByteArrayInputStream(yaml), config);
            return true;
        } finally {
            Files.deleteIfExists(datasetDir.resolve("." + CONFIG_FILE + ".claim"));
        }
    }

    private ObjectNode asObject(JsonNode node) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new IllegalArgumentException(template + ": the default reduction configuration must be a YAML mapping");
    }
}
