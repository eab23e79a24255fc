package org.activityloader.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
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

    String string(String key, String fallback) {
        return optionalString(key).orElse(fallback);
    }

    String requiredString(String key, String fix) {
        return optionalString(key).orElseThrow(() -> error(key, "missing; " + fix));
    }

    long size(String key, long fallback) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return fallback;
        }
        long bytes = ConfigValues.parseSize(text.get())
                .orElseThrow(() -> error(key, "'" + text.get() + "' is not a size; write e.g. 1048576, 512KB, 64MB or 2GB"));
        if (bytes <= 0) {
            throw error(key, "must be greater than 0");
        }
        return bytes;
    }

    long positiveLong(String key, long fallback) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(text.get().replace("_", ""));
            if (n <= 0) {
                throw error(key, "must be greater than 0, was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw error(key, "'" + text.get() + "' is not a whole number; write e.g. 1000000");
        }
    }

    /** A fraction from 0 to 1, e.g. 0.05 (or 5%). */
    double ratio(String key, double fallback) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return fallback;
        }
        String t = text.get();
        try {
            double value = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100
                    : Double.parseDouble(t);
            if (!(value >= 0 && value <= 1)) {
                throw error(key, "must be between 0 and 1 (or 0% and 100%), was " + t);
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(key, "'" + t + "' is not a fraction; write e.g. 0.05 or 5%");
        }
    }

    Duration duration(String key, Duration fallback) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return fallback;
        }
        Duration d = ConfigValues.parseDuration(text.get());
        if (d == null) {
            throw error(key, "'" + text.get() + "' is not a duration; write e.g. 30s, 10m, 2h or PT10M");
        }
        if (d.isZero() || d.isNegative()) {
            throw error(key, "must be longer than 0");
        }
        return d;
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text.get())) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        throw error(key, "'" + text.get() + "' is not one of " + String.join(", ", names));
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
