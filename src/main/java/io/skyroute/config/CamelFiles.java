package io.skyroute.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks the files Camel itself reads, before anything starts, so that a mistake is reported as
 * {@code file: key: expected ..., found ...} rather than a stack trace: the user's YAML routes (a list
 * of Camel YAML DSL elements) and application.properties ({@code camel.*} keys only: skyroute's own
 * settings live in skyroute.yaml).
 */
public final class CamelFiles {

    /** The YAML DSL's top-level elements (Camel 4.x). */
    static final Set<String> ROUTE_ELEMENTS = Set.of("route", "from", "rest", "restConfiguration", "routeConfiguration", "routeTemplate",
            "templatedRoute", "beans", "errorHandler", "intercept", "interceptFrom", "interceptSendToEndpoint", "onCompletion",
            "onException", "dataFormats", "camelContext");

    private CamelFiles() {
    }

    /** Every problem in the routes folder's {@code *.yaml} (sorting rules, {@code *.rules.yaml}, are data and checked apart). */
    public static List<ConfigProblem> routeProblems(Path routesDir) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(routesDir)) {
            return problems;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(routesDir)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".yaml") && !f.getFileName().toString().endsWith(".rules.yaml"))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of(new ConfigProblem(routesDir, "", "cannot list the routes folder: " + e.getMessage()));
        }
        YAMLMapper yaml = ConfigLoader.yamlReader();
        for (Path file : files) {
            JsonNode tree;
            try {
                ConfigLoader.checkSize(file);
                tree = yaml.readTree(file.toFile());
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                continue;
            } catch (JacksonException e) {
                JsonLocation at = e.getLocation();
                problems.add(new ConfigProblem(file, at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr(),
                        "not valid YAML: " + e.getOriginalMessage()));
                continue;
            } catch (IOException e) {
                problems.add(new ConfigProblem(file, "", "cannot be read: " + e.getMessage()));
                continue;
            }
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                continue;
            }
            if (!tree.isArray()) {
                problems.add(new ConfigProblem(file, "", "expected a list of Camel YAML DSL elements (- route: ...), found "
                        + ConfigValidator.describe(tree)));
                continue;
            }
            for (int i = 0; i < tree.size(); i++) {
                JsonNode element = tree.get(i);
                List<String> keys = new ArrayList<>();
                for (Iterator<String> names = element.fieldNames(); names.hasNext(); ) {
                    keys.add(names.next());
                }
                if (!element.isObject() || keys.size() != 1 || !ROUTE_ELEMENTS.contains(keys.get(0))) {
                    problems.add(new ConfigProblem(file, "[" + i + "]", "expected one of " + new java.util.TreeSet<>(ROUTE_ELEMENTS)
                            + ", found " + ConfigValidator.describe(element)));
                }
            }
        }
        return problems;
    }

    /** Problems in Camel Main's application.properties, when it exists. */
    public static List<ConfigProblem> applicationPropertiesProblems(Path file) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (file == null || !Files.exists(file)) {
            return problems;
        }
        Properties properties = new Properties();
        try {
            ConfigLoader.checkSize(file);
            try (Reader in = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                properties.load(in);
            }
        } catch (ConfigException e) {
            return e.problems();
        } catch (IOException | IllegalArgumentException e) {
            return List.of(new ConfigProblem(file, "", "not a valid properties file: " + e.getMessage()));
        }
        for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
            if (key.startsWith("skyroute.")) {
                problems.add(new ConfigProblem(file, key, "expected camel.* keys only, found a skyroute setting: set it in skyroute.yaml"
                        + (key.startsWith("skyroute.retry.") ? " (retry.max_redeliveries, retry.initial_delay_ms, retry.max_delay_ms)" : "")));
            } else if (!key.startsWith("camel.")) {
                problems.add(new ConfigProblem(file, key, "expected camel.* keys (Camel Main's settings), found '" + key + "'"));
            }
        }
        return problems;
    }
}
