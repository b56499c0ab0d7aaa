package io.skyroute.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.apache.commons.configuration2.INIConfiguration;
import org.apache.commons.configuration2.SubnodeConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a configuration file (YAML, or INI for {@code dropbox.cfg}), lays environment overrides over
 * it, checks it against the type it binds to and binds it. Every problem in the file is reported at
 * once in a {@link ConfigException}; warnings (secrets kept in the file) are kept for the caller.
 */
public final class ConfigLoader {

    /** Prefix of the environment variables that override keys of the daemon's own file. */
    public static final String ENV_PREFIX = "SKYROUTE";

    private final ObjectMapper mapper;
    private final Map<String, String> environment;
    private final List<ConfigProblem> warnings = new ArrayList<>();
    private final List<ConfigProblem> notes = new ArrayList<>();

    /**
     * Configuration files are small; a bigger one is refused unread (a crafted megabyte-long value took
     * SnakeYAML seconds and a gigabyte, growing faster than its length), and so is a single value longer
     * than {@link #MAX_VALUE_LENGTH}.
     */
    public static final long MAX_FILE_BYTES = 256 * 1024;
    static final int MAX_VALUE_LENGTH = 64 * 1024;

    /** A YAML reader with the same limits, for the files Camel reads (routes). */
    static YAMLMapper yamlReader() {
        return YAMLMapper.builder(limitedFactory()).build();
    }

    private static com.fasterxml.jackson.dataformat.yaml.YAMLFactory limitedFactory() {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        options.setMaxAliasesForCollections(50);
        return com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                        .maxStringLength(MAX_VALUE_LENGTH).maxNestingDepth(64).build())
                .build();
    }

    /** Refuses a file over {@link #MAX_FILE_BYTES} before it is parsed. */
    static void checkSize(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(List.of(new ConfigProblem(file, "", "expected a configuration file of at most "
                        + MAX_FILE_BYTES / 1024 + " KiB, found " + size / 1024 + " KiB")));
            }
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, "", "cannot be read: " + e.getMessage())));
        }
    }

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.mapper = YAMLMapper.builder(limitedFactory())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(System.getenv());
    }

    /** Warnings collected by every load so far, e.g. secrets kept in a file. */
    public List<ConfigProblem> warnings() {
        return List.copyOf(warnings);
    }

    /** Notes collected by every load so far: seed keys that are accepted but mean nothing to skyroute. */
    public List<ConfigProblem> notes() {
        return List.copyOf(notes);
    }

    /** Loads a file of the given kind; environment overrides apply to the daemon's own file only. */
    public <T> T load(Path file, ConfigKind kind, Class<T> type) {
        if (kind.type() != type) {
            throw new IllegalArgumentException(kind + " binds to " + kind.type().getSimpleName() + ", not " + type.getSimpleName());
        }
        return type.cast(load(file, kind));
    }

    public Object load(Path file, ConfigKind kind) {
        JsonNode tree = readTree(file, kind);
        return bind(file, tree, kind);
    }

    /** Loads a configuration shipped inside the jar (e.g. built-in defaults). */
    public <T> T loadResource(String resource, ConfigKind kind, Class<T> type) {
        try (java.io.InputStream in = ConfigLoader.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in resource " + resource);
            }
            return type.cast(bind(Path.of("(built-in) " + resource), mapper.readTree(in), kind));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in resource " + resource, e);
        }
    }

    /** The daemon's own configuration from the given file, or built-in defaults plus environment when file is null. */
    public SkyrouteConfig loadDaemonConfig(Path file) {
        JsonNode tree = file == null ? JsonNodeFactory.instance.objectNode() : readTree(file, ConfigKind.SKYROUTE);
        SkyrouteConfig config = (SkyrouteConfig) bind(file == null ? Path.of("(built-in defaults)") : file, tree, ConfigKind.SKYROUTE);
        return config.besideFile(file, tree.has("application_properties"));
    }

    /** Which kind of configuration a file is, from its extension and the keys it holds. */
    public ConfigKind detect(Path file) {
        if (isIni(file)) {
            return ConfigKind.DROPBOX;
        }
        JsonNode tree = readTree(file, null);
        return ConfigKind.detect(file, tree);
    }

    private Object bind(Path file, JsonNode tree, ConfigKind kind) {
        Map<String, String> origins = Map.of();
        if (kind == ConfigKind.SKYROUTE) {
            if (!(tree instanceof ObjectNode)) {
                throw new ConfigException(List.of(new ConfigProblem(file, "", "expected a YAML mapping of keys at the top level")));
            }
            EnvironmentOverrides overrides = new EnvironmentOverrides(mapper, environment, ENV_PREFIX);
            tree = overrides.apply((ObjectNode) tree, kind.type());
            origins = overrides.origins();
        }
        ConfigValidator validator = new ConfigValidator(mapper, file, origins);
        validator.validate(tree, kind.type());
        if (!validator.problems().isEmpty()) {
            throw new ConfigException(validator.problems());
        }
        warnings.addAll(validator.warnings());
        notes.addAll(validator.notes());
        try {
            return mapper.treeToValue(tree, kind.type());
        } catch (JacksonException | IllegalArgumentException e) {
            // the validator should have caught this; still report it with the file rather than a stack trace
            throw new ConfigException(List.of(new ConfigProblem(file, "", "cannot be read as " + kind.description() + ": " + e.getMessage())));
        }
    }

    private JsonNode readTree(Path file, ConfigKind kind) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(List.of(new ConfigProblem(file, "", "file does not exist or cannot be read")));
        }
        checkSize(file);
        if (kind == ConfigKind.DROPBOX || kind == null && isIni(file)) {
            return readIni(file);
        }
        try {
            JsonNode tree = mapper.readTree(file.toFile());
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return JsonNodeFactory.instance.objectNode(); // an empty file holds no keys
            }
            return tree;
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(List.of(new ConfigProblem(file, where, "not valid YAML: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, "", "cannot be read: " + e.getMessage())));
        }
    }

    private static boolean isIni(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        return name.endsWith(".cfg") || name.endsWith(".ini");
    }

    /** INI (Python configparser style): each section becomes a mapping of text values. */
    private static JsonNode readIni(Path file) {
        INIConfiguration ini = new INIConfiguration();
        try (Reader reader = Files.newBufferedReader(file)) {
            ini.read(reader);
        } catch (ConfigurationException | IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file, "", "not a valid INI file: " + e.getMessage())));
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (String section : ini.getSections()) {
            if (section == null) {
                continue; // keys before any [section] are reported by the validator as unknown
            }
            ObjectNode values = root.putObject(section);
            SubnodeConfiguration keys = ini.getSection(section);
            for (Iterator<String> it = keys.getKeys(); it.hasNext(); ) {
                String key = it.next();
                values.put(key.replace("..", "."), keys.getString(key));
            }
        }
        SubnodeConfiguration global = ini.getSection(null);
        for (Iterator<String> it = global.getKeys(); it.hasNext(); ) {
            String key = it.next();
            root.put(key, global.getString(key));
        }
        return root;
    }
}
