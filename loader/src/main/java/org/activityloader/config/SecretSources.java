package org.activityloader.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets kept out of job files: read from the environment (injected, so tests supply their own) or
 * from files. A job names where its secrets are, never what they are; messages name the key and the
 * variable or file, never a value.
 */
final class SecretSources {
    private static final Pattern SECRET_REF = Pattern.compile("\\$\\{(env|file):([^}]+)}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;

    SecretSources(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Client properties, with secrets kept out of the job file: a value {@code ${env:NAME}} is
     * read from the environment and {@code ${file:/path}} from a file (e.g. sasl.jaas.config).
     */
    Map<String, String> clientProperties(YamlSection kafkaSection) {
        Map<String, String> props = new LinkedHashMap<>();
        kafkaSection.stringMap("properties").forEach((key, value) -> props.put(key, value(kafkaSection, "properties." + key, value)));
        return props;
    }

    /** A value as it is, or read from where {@code ${env:NAME}} or {@code ${file:/path}} says. */
    String value(YamlSection section, String key, String value) {
        Matcher ref = SECRET_REF.matcher(value.trim());
        if (!ref.matches()) {
            return value;
        }
        return ref.group(1).equals("env") ? fromEnvironment(section, key, ref.group(2), "export it")
                : fromFile(section, key, ref.group(2));
    }

    /** The catalog's password, from {@code password_env} or {@code password_file}; none without either. */
    Secret password(JobValues v) {
        YamlSection cat = v.section("catalog");
        Optional<String> env = v.optional(JobKeys.CATALOG_PASSWORD_ENV);
        Optional<String> file = v.optional(JobKeys.CATALOG_PASSWORD_FILE);
        if (env.isPresent() && file.isPresent()) {
            throw v.error(JobKeys.CATALOG_PASSWORD_ENV, "give either password_env or password_file, not both");
        }
        if (env.isPresent()) {
            if (!ENV_NAME.matcher(env.get()).matches()) { // not echoed: it may be the password itself
                throw v.error(JobKeys.CATALOG_PASSWORD_ENV, "is not the name of an environment variable (letters, digits, '_'); "
                        + "put the variable's name here, e.g. LOADER_CATALOG_PASSWORD, never the password");
            }
            return new Secret(fromEnvironment(cat, "password_env", env.get(), "export it or use password_file"));
        }
        return file.map(path -> new Secret(fromFile(cat, "password_file", path))).orElse(Secret.NONE);
    }

    /** A secret from an environment variable; {@code fix} says what to do when it is not set. */
    private String fromEnvironment(YamlSection section, String key, String variable, String fix) {
        String value = environment.get(variable);
        if (value == null) {
            throw section.error(key, "environment variable " + variable + " is not set; " + fix);
        }
        return value;
    }

    /** A secret from a file, without its trailing newline. */
    private static String fromFile(YamlSection section, String key, String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException | InvalidPathException e) {
            throw section.error(key, "cannot read " + path + " (" + e.getClass().getSimpleName()
                    + "); check the path and its permissions");
        }
    }
}
