package io.skyroute.config;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Walks a parsed configuration tree against the Java type it will be bound to and collects every
 * problem (unknown key, wrong type, missing required key, unreadable file) before anything is bound.
 * Property names and required flags come from Jackson's own introspection, so the validator and the
 * binder can never disagree about what a key is called.
 */
final class ConfigValidator {

    private final ObjectMapper mapper;
    private final Path file;
    private final Map<String, String> keyOrigins;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();
    private final List<ConfigProblem> notes = new ArrayList<>();

    /**
     * @param keyOrigins keys whose value came from somewhere other than the file (an environment
     *                   variable), mapped to a description of that origin, so problems name it
     */
    ConfigValidator(ObjectMapper mapper, Path file, Map<String, String> keyOrigins) {
        this.mapper = mapper;
        this.file = file;
        this.keyOrigins = keyOrigins;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    List<ConfigProblem> warnings() {
        return warnings;
    }

    /** Keys accepted for the seed's sake that skyroute does not use ({@link NotUsedHere}). */
    List<ConfigProblem> notes() {
        return notes;
    }

    /** Checks {@code root}; also rewrites {@link AlsoAsList} lists in it into their mapping form, for binding. */
    void validate(JsonNode root, Class<?> type) {
        check(root, mapper.constructType(type), "", null);
    }

    private void check(JsonNode node, JavaType type, String key, AnnotatedMember member) {
        Class<?> raw = type.getRawClass();
        if (node.isTextual() && node.asText().length() > ConfigLoader.MAX_VALUE_LENGTH) {
            problem(key, "expected at most " + ConfigLoader.MAX_VALUE_LENGTH + " characters, found " + node.asText().length());
            return;
        }
        if (JsonNode.class.isAssignableFrom(raw) || raw == Object.class) {
            return; // free-form section
        }
        if (raw == String.class) {
            if (!node.isValueNode()) {
                problem(key, "expected a text value, found " + describe(node));
            } else {
                checkFormat(node.asText(), key, member);
            }
        } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            if (!node.isIntegralNumber() || (raw == Integer.class || raw == int.class) && !node.canConvertToInt()
                    || !node.canConvertToLong()) {
                problem(key, "expected a whole number, found " + describe(node));
            } else {
                checkRange(node, key, member);
            }
        } else if (raw == Double.class || raw == double.class) {
            if (!node.isNumber()) {
                problem(key, "expected a number, found " + describe(node));
            } else {
                checkRange(node, key, member);
            }
        } else if (raw == Boolean.class || raw == boolean.class) {
            if (!node.isBoolean()) {
                problem(key, "expected true/false, found " + describe(node));
            }
        } else if (Path.class.isAssignableFrom(raw)) {
            checkPath(node, key, member);
        } else if (raw.isEnum()) {
            checkEnum(node, raw, key);
        } else if (ConfigValue.class.isAssignableFrom(raw)) {
            checkValue(node, raw, key);
        } else if (type.isCollectionLikeType() || type.isArrayType()) {
            checkList(node, type.getContentType(), key);
        } else if (type.isMapLikeType()) {
            checkMap(node, type.getContentType(), key);
        } else {
            checkSection(node, type, key);
        }
        if (member != null && annotation(member, NotUsedHere.class) != null) {
            notes.add(new ConfigProblem(file, key, "accepted and not used: " + annotation(member, NotUsedHere.class).value()));
        }
        if (member != null && annotation(member, PlainSecret.class) != null && !node.asText().isBlank()) {
            warnings.add(new ConfigProblem(file, key, "holds a secret in the file; put it in an environment variable and name"
                    + " that variable in '" + annotation(member, PlainSecret.class).useInstead() + "'"));
        }
    }

    private void checkPath(JsonNode node, String key, AnnotatedMember member) {
        if (!node.isTextual()) {
            problem(key, "expected a path, found " + describe(node));
            return;
        }
        Path path;
        try {
            path = Path.of(node.asText());
        } catch (InvalidPathException e) {
            problem(key, "not a valid path: " + e.getReason());
            return;
        }
        checkFormat(node.asText(), key, member);
        if (member != null && annotation(member, MustBeReadable.class) != null
                && !(Files.isRegularFile(path) && Files.isReadable(path))) {
            problem(key, "file '" + path + "' does not exist or cannot be read"
                    + " (relative paths are taken from the working directory " + Path.of("").toAbsolutePath() + ")");
        }
    }

    private void checkRange(JsonNode node, String key, AnnotatedMember member) {
        Range range = member == null ? null : annotation(member, Range.class);
        if (range == null) {
            return;
        }
        double value = node.asDouble();
        boolean below = range.minExclusive() ? value <= range.min() : value < range.min();
        if (below || value > range.max()) {
            problem(key, "expected " + bounds(range) + ", found " + describe(node));
        }
    }

    private static String bounds(Range range) {
        String min = number(range.min());
        String max = number(range.max());
        if (range.max() == Double.POSITIVE_INFINITY) {
            return range.minExclusive() ? "more than " + min : "at least " + min;
        }
        return (range.minExclusive() ? "more than " + min + " and" : "from " + min + " to") + (range.minExclusive() ? " at most " : " ") + max;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private void checkFormat(String text, String key, AnnotatedMember member) {
        ValueFormat format = member == null ? null : annotation(member, ValueFormat.class);
        if (format == null || text == null) {
            return;
        }
        String problem = switch (format.value()) {
            case HTTP_URL -> httpUrlProblem(text);
            case RIGHT_ASCENSION -> coordinateProblem(() -> SkyCoordinates.ra(text));
            case DECLINATION -> coordinateProblem(() -> SkyCoordinates.dec(text));
            case FOLDER -> Files.exists(Path.of(text)) && !Files.isDirectory(Path.of(text))
                    ? "expected a folder, found the file '" + text + "'" : null;
            case HOST -> text.isBlank() || !text.matches("[A-Za-z0-9.:\\[\\]_-]+") ? "expected a host name or address, found " + quoted(text) : null;
        };
        if (problem != null) {
            problem(key, problem);
        }
    }

    private static String httpUrlProblem(String text) {
        try {
            java.net.URI uri = new java.net.URI(text.trim());
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                return "expected an http(s) URL such as https://host/path/, found " + quoted(text);
            }
            return null;
        } catch (java.net.URISyntaxException e) {
            return "expected an http(s) URL such as https://host/path/, found " + quoted(text);
        }
    }

    private static String coordinateProblem(Runnable parse) {
        try {
            parse.run();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private void checkEnum(JsonNode node, Class<?> raw, String key) {
        List<String> allowed = Arrays.stream(raw.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).toList();
        if (!node.isTextual() || !allowed.contains(node.asText().toLowerCase(Locale.ROOT))) {
            problem(key, "expected one of " + allowed + ", found " + describe(node));
        }
    }

    private void checkValue(JsonNode node, Class<?> raw, String key) {
        if (!node.isValueNode()) {
            problem(key, "expected a single value, found " + describe(node));
            return;
        }
        try {
            Method parse = raw.getMethod("parse", String.class);
            parse.invoke(null, node.asText());
        } catch (InvocationTargetException e) {
            problem(key, e.getCause() instanceof IllegalArgumentException ? e.getCause().getMessage() : String.valueOf(e.getCause()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(raw + " must have a public static parse(String)", e);
        }
    }

    private void checkList(JsonNode node, JavaType content, String key) {
        if (!node.isArray()) {
            problem(key, "expected a list, found " + describe(node));
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (element.isNull()) {
                problem(key + "[" + i + "]", "empty list entry");
            } else {
                check(element, content, key + "[" + i + "]", null);
            }
        }
    }

    private void checkMap(JsonNode node, JavaType content, String key) {
        if (!node.isObject()) {
            problem(key, "expected a section of keys, found " + describe(node));
            return;
        }
        node.fields().forEachRemaining(e -> check(e.getValue(), content, join(key, e.getKey()), null));
    }

    private void checkSection(JsonNode node, JavaType type, String key) {
        BeanDescription description = mapper.getDeserializationConfig().introspect(type);
        Map<String, BeanPropertyDefinition> properties = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : description.findProperties()) {
            if (p.couldDeserialize() && !description.getIgnoredPropertyNames().contains(p.getName())) {
                properties.put(p.getName(), p);
            }
        }
        if (!node.isObject()) {
            problem(key, "expected a section with keys " + properties.keySet() + ", found " + describe(node));
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!properties.containsKey(name)) {
                problem(join(key, name), "unknown key; expected one of " + properties.keySet());
            }
        }
        for (BeanPropertyDefinition p : properties.values()) {
            JsonNode child = node.get(p.getName());
            String childKey = join(key, p.getName());
            if (child == null || child.isNull()) {
                if (p.isRequired()) {
                    problem(childKey, "missing required key (" + expectation(p.getPrimaryType()) + ")");
                }
            } else if (child.isArray() && p.getPrimaryMember().getAnnotation(AlsoAsList.class) != null) {
                ObjectNode mapping = listAsMapping(child, p.getPrimaryType().getContentType(), childKey,
                        p.getPrimaryMember().getAnnotation(AlsoAsList.class).key());
                ((ObjectNode) node).set(p.getName(), mapping);
            } else {
                check(child, p.getPrimaryType(), childKey, p.getPrimaryMember());
            }
        }
    }

    /**
     * Checks the list form of an {@link AlsoAsList} mapping (items reported as {@code key[i]}, each with a
     * unique id in {@code idKey}) and returns it as the mapping it stands for, so that binding sees one form.
     */
    private ObjectNode listAsMapping(JsonNode list, JavaType content, String key, String idKey) {
        ObjectNode mapping = JsonNodeFactory.instance.objectNode();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String itemKey = key + "[" + i + "]";
            if (item.isNull()) {
                problem(itemKey, "empty list entry");
                continue;
            }
            check(item, content, itemKey, null);
            JsonNode id = item.get(idKey);
            if (item.isObject() && (id == null || !id.isValueNode() || id.asText().isBlank())) {
                problem(itemKey + "." + idKey, "missing required key (a text value)");
            } else if (item.isObject() && seen.putIfAbsent(id.asText(), i) != null) {
                problem(itemKey + "." + idKey, "'" + id.asText() + "' is already used by " + key + "[" + seen.get(id.asText()) + "]");
            } else if (item.isObject()) {
                mapping.set(id.asText(), item);
            }
        }
        return mapping;
    }

    private static String expectation(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == String.class) {
            return "a text value";
        } else if (Number.class.isAssignableFrom(raw) || raw.isPrimitive() && raw != boolean.class) {
            return "a number";
        } else if (raw == Boolean.class || raw == boolean.class) {
            return "true/false";
        } else if (Path.class.isAssignableFrom(raw)) {
            return "a path";
        } else if (type.isCollectionLikeType()) {
            return "a list";
        }
        return "a value";
    }

    private static <A extends Annotation> A annotation(AnnotatedMember member, Class<A> type) {
        return member.getAnnotation(type);
    }

    private void problem(String key, String message) {
        String origin = keyOrigins.get(key);
        problems.add(new ConfigProblem(file, key, origin == null ? message : message + " (set by " + origin + ")"));
    }

    private static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a section {" + toList(node.fieldNames()) + "}";
        } else if (node.isArray()) {
            return "a list";
        } else if (node.isBoolean()) {
            return quoted(node.asText());
        } else if (node.isNumber()) {
            return "the number " + node.asText();
        }
        return quoted(node.asText());
    }

    /** A value as the user wrote it, cut short: a message never repeats a megabyte. */
    static String quoted(String text) {
        return "'" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "'";
    }

    private static String toList(Iterator<String> names) {
        List<String> all = new ArrayList<>();
        names.forEachRemaining(all::add);
        return all.stream().collect(Collectors.joining(", "));
    }
}
