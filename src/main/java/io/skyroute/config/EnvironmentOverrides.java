package io.skyroute.config;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Lays environment variables over a parsed configuration tree: every single-valued key has a
 * variable named {@code PREFIX_} + its dotted path in upper case with dots as underscores, e.g.
 * {@code database.url} -> {@code SKYROUTE_DATABASE_URL}. Names are derived from the bound type,
 * so every key the file may hold can also be set from the environment.
 */
final class EnvironmentOverrides {

    private final ObjectMapper mapper;
    private final Map<String, String> environment;
    private final String prefix;
    private final Map<String, String> origins = new LinkedHashMap<>();

    EnvironmentOverrides(ObjectMapper mapper, Map<String, String> environment, String prefix) {
        this.mapper = mapper;
        this.environment = environment;
        this.prefix = prefix;
    }

    /** Keys that were set from the environment, mapped to the variable that set them. */
    Map<String, String> origins() {
        return origins;
    }

    ObjectNode apply(ObjectNode root, Class<?> type) {
        apply(root, mapper.constructType(type), "");
        return root;
    }

    private void apply(ObjectNode section, JavaType type, String key) {
        for (BeanPropertyDefinition p : mapper.getDeserializationConfig().introspect(type).findProperties()) {
            JavaType propertyType = p.getPrimaryType();
            String childKey = key.isEmpty() ? p.getName() : key + "." + p.getName();
            if (isSection(propertyType)) {
                JsonNode existing = section.get(p.getName());
                ObjectNode child = existing instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
                apply(child, propertyType, childKey);
                if (!child.isEmpty() && !(existing instanceof ObjectNode)) {
                    section.set(p.getName(), child);
                }
            } else if (!propertyType.isContainerType()) {
                String variable = prefix + "_" + childKey.replace('.', '_').toUpperCase(Locale.ROOT);
                String value = environment.get(variable);
                if (value != null) {
                    section.set(p.getName(), typed(value, propertyType.getRawClass()));
                    origins.put(childKey, "environment variable " + variable);
                }
            }
        }
    }

    private static boolean isSection(JavaType type) {
        Class<?> raw = type.getRawClass();
        return !type.isContainerType() && !raw.isPrimitive() && !raw.isEnum() && !raw.getName().startsWith("java.")
                && !Path.class.isAssignableFrom(raw) && !ConfigValue.class.isAssignableFrom(raw)
                && !JsonNode.class.isAssignableFrom(raw);
    }

    private static JsonNode typed(String value, Class<?> raw) {
        try {
            if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
                return LongNode.valueOf(Long.parseLong(value.trim()));
            }
        } catch (NumberFormatException e) {
            return TextNode.valueOf(value); // the validator reports it with the variable's name
        }
        if ((raw == Boolean.class || raw == boolean.class)
                && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))) {
            return BooleanNode.valueOf(Boolean.parseBoolean(value));
        }
        return TextNode.valueOf(value);
    }
}
