package org.activityloader.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping of a job file, read key by key with typed accessors. Every read records the key,
 * so that {@link #rejectUnknownKeys()} can name any key the job file has but the loader does not know
 * (a misspelt key is an error, never silently ignored).
 */
final class YamlSection {
    private final String file;
    private final String path;
    private final ObjectNode node;
    private final Set<String> known = new HashSet<>();

    YamlSection(String file, String path, ObjectNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ConfigException error(String key, String problem) {
        return new ConfigException(file, keyPath(key), problem);
    }

    private Optional<JsonNode> value(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    Optional<String> optionalString(String key) {
        return value(key).map(v -> {
            if (!v.isValueNode()) {
                throw error(key, "expected a single value, found " + describe(v));
            }
            return v.asText().trim();
        }).filter(s -> !s.isEmpty());
    }

    String requiredString(String key, String fix) {
        return optionalString(key).orElseThrow(() -> error(key, "missing; " + fix));
    }

    /** The key's value checked by its type; empty when the key is absent or blank. */
    <T> Optional<T> read(String key, ValueType<T> type) {
        return optionalString(key).map(text -> {
            try {
                return type.parse(text);
            } catch (ValueType.BadValue e) {
                throw error(key, e.getMessage());
            }
        });
    }

    YamlSection section(String key) {
        Optional<JsonNode> v = value(key);
        if (v.isEmpty()) {
            return new YamlSection(file, keyPath(key), node.objectNode());
        }
        if (!v.get().isObject()) {
            throw error(key, "expected a mapping of keys, found " + describe(v.get()));
        }
        return new YamlSection(file, keyPath(key), (ObjectNode) v.get());
    }

    /** A mapping whose keys are free-form (client properties): values must be scalars. */
    Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<JsonNode> v = value(key);
        if (v.isEmpty()) {
            return out;
        }
        if (!v.get().isObject()) {
            throw error(key, "expected a mapping of property names to values, found " + describe(v.get()));
        }
        v.get().fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                throw error(key + "." + e.getKey(), "expected a single value, found " + describe(e.getValue()));
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    List<YamlSection> list(String key) {
        Optional<JsonNode> v = value(key);
        if (v.isEmpty()) {
            return List.of();
        }
        if (!v.get().isArray()) {
            throw error(key, "expected a list, found " + describe(v.get()));
        }
        List<YamlSection> items = new ArrayList<>();
        for (int i = 0; i < v.get().size(); i++) {
            JsonNode item = v.get().get(i);
            if (!item.isObject()) {
                throw error(key + "[" + i + "]", "expected a mapping, found " + describe(item));
            }
            items.add(new YamlSection(file, keyPath(key) + "[" + i + "]", (ObjectNode) item));
        }
        return items;
    }

    /** Fails on the first key of this mapping that no accessor asked for. */
    void rejectUnknownKeys() {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                List<String> sorted = new ArrayList<>(known);
                java.util.Collections.sort(sorted);
                throw error(k, "unknown key; the keys here are " + String.join(", ", sorted));
            }
        });
    }

    private static String describe(JsonNode v) {
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        return "'" + v.asText() + "'";
    }
}
