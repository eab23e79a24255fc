package org.activityloader.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A job file's keys read through {@link JobKey}s: each value checked by its key's type, its default
 * taken from the key, a missing required key named with its fix. Remembers every mapping it
 * visited, so that {@link #rejectUnknownKeys()} names any key the file has and no JobKey defines.
 */
final class JobValues {
    private final YamlSection root;
    private final Map<String, YamlSection> sections = new LinkedHashMap<>();

    JobValues(YamlSection root) {
        this.root = root;
        sections.put("", root);
    }

    /** The mapping at a path ("" for the top, "kafka", "output", ...). */
    YamlSection section(String path) {
        YamlSection known = sections.get(path);
        if (known != null) {
            return known;
        }
        int dot = path.lastIndexOf('.');
        YamlSection parent = section(dot < 0 ? "" : path.substring(0, dot));
        YamlSection s = parent.section(dot < 0 ? path : path.substring(dot + 1));
        sections.put(path, s);
        return s;
    }

    YamlSection root() {
        return root;
    }

    /** The value, or the key's default, or, for a required key, an error saying what to write. */
    <T> T get(JobKey<T> key) {
        return optional(key).orElseThrow(() -> error(key, "missing; " + key.requiredFix()));
    }

    /** The value, or the key's default, or empty. */
    <T> Optional<T> optional(JobKey<T> key) {
        Optional<T> value = section(parentOf(key.path())).read(nameOf(key.path()), key.type());
        return value.isPresent() ? value : key.fallback();
    }

    ConfigException error(JobKey<?> key, String problem) {
        return section(parentOf(key.path())).error(nameOf(key.path()), problem);
    }

    void rejectUnknownKeys() {
        sections.values().forEach(YamlSection::rejectUnknownKeys);
    }

    private static String parentOf(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static String nameOf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
