package org.activityloader.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * One key of a job file, defined once: its path, the type of its value (which checks it), its
 * default, what to do when a required key is missing, one line of documentation, and where a
 * {@link JobSpec} holds its value. The loader, the {@code LOADER_*} and {@code --set} overrides,
 * the job file writer of the tests and the README's key table all come from {@link JobKeys}.
 *
 * @param type         null for a key that is a list or a mapping (topics, kafka.properties)
 * @param defaultText  the default as a job file would write it; null when there is none
 * @param requiredFix  for a required key, what to write; null for an optional one
 * @param shownDefault how the README shows the default when it is not {@code defaultText} (e.g. "file name")
 * @param current      the key's value in a spec (a T, an Optional of one, or null), for writing job files
 */
public record JobKey<T>(String path, ValueType<T> type, String defaultText, String requiredFix, String doc,
                        String shownDefault, Function<JobSpec, Object> current) {
    public boolean scalar() {
        return type != null;
    }

    public boolean required() {
        return requiredFix != null;
    }

    /** The default, parsed by the key's own type. */
    public Optional<T> fallback() {
        return Optional.ofNullable(defaultText).map(type::parse);
    }

    /** What the README shows in brackets: the default, "required", or "none". */
    public String readmeDefault() {
        if (required()) {
            return "required";
        }
        if (shownDefault != null) {
            return shownDefault;
        }
        return defaultText == null ? "none" : defaultText;
    }

    /** The spec's value of this key as a job file writes it; empty when the spec has none. */
    @SuppressWarnings("unchecked")
    public Optional<String> textIn(JobSpec spec) {
        Object value = current == null ? null : current.apply(spec);
        if (value instanceof Optional<?> o) {
            value = o.orElse(null);
        }
        return value == null ? Optional.empty() : Optional.of(type.format((T) value));
    }

    /** The environment variable that overrides it: {@code LOADER_} + the path in upper case, dots as underscores. */
    public String environmentVariable() {
        return JobLoader.environmentVariable(path);
    }

    static <T> JobKey<T> optional(String path, ValueType<T> type, String defaultText, String doc, Function<JobSpec, Object> current) {
        return new JobKey<>(path, type, defaultText, null, doc, null, current);
    }

    static <T> JobKey<T> required(String path, ValueType<T> type, String fix, String doc, Function<JobSpec, Object> current) {
        return new JobKey<>(path, type, null, fix, doc, null, current);
    }
}
