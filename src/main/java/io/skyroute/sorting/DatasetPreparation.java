package io.skyroute.sorting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.TargetPositions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a dataset directory ready for reduction: creates it and, when it has none, writes its
 * {@code reduction_config.yaml} from the default template with {@code target.name} set and the target's
 * coordinates taken, in this order, from the template when it describes this very target (same name,
 * with coordinates), from the known target positions (the team's targets file, its TOM), and only then
 * from the frame header — marked as such, since a frame's RA/DEC cards are where the telescope pointed,
 * which for an offset field is not where the target is. Where the coordinates came from is written as
 * the file's first line ({@value #COORDINATES_COMMENT}). An existing configuration is never touched.
 */
public final class DatasetPreparation {

    public static final String CONFIG_FILE = io.skyroute.pipeline.Dataset.CONFIG_FILE;
    private static final YAMLMapper YAML = new YAMLMapper();

    /** The first line of a prepared configuration, followed by where its target coordinates came from. */
    public static final String COORDINATES_COMMENT = "# target coordinates from: ";
    /** How the header's coordinates are described: a warning to whoever reads the file. */
    public static final String FROM_HEADER = "the frame header's RA/DEC (the telescope pointing, not necessarily the target: check them)";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatasetPreparation.class);

    private final Path template;
    private final TargetPositions positions;

    /** @param template the default {@code reduction_config.yaml} ({@code default_red_config}); null for a minimal one */
    public DatasetPreparation(Path template) {
        this(template, name -> java.util.Optional.empty());
    }

    /** @param positions where the team's targets are (targets file, TOM), asked before the frame header */
    public DatasetPreparation(Path template, TargetPositions positions) {
        this.template = template;
        this.positions = positions;
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
        String source;
        if (templateKnowsTarget) {
            source = "the template " + template;
        } else {
            java.util.Optional<TargetPositions.TargetPosition> known = positions.find(targetName);
            if (known.isPresent()) {
                target.put("RA", known.get().ra());
                target.put("Dec", known.get().dec());
                source = known.get().source();
            } else {
                header.ra().ifPresent(ra -> target.put("RA", ra));
                header.dec().ifPresent(dec -> target.put("Dec", dec));
                source = FROM_HEADER;
                LOG.warn("{}: no position known for target {} (targets file, TOM): the frame header's RA/DEC are used, which is where"
                        + " the telescope pointed; check target RA/Dec in {}", datasetDir, targetName, CONFIG_FILE);
            }
        }
        byte[] yaml = (COORDINATES_COMMENT + source + "\n" + YAML.writeValueAsString(root)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // only one writer per dataset; a claim left by a killed writer is taken over (else the dataset never got its configuration)
        if (!AtomicFiles.claim(datasetDir.resolve("." + CONFIG_FILE + ".claim"))) {
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
