package org.activityloader.config;

/** Invalid configuration: names the file, the key and what to do about it. Nothing has been touched yet. */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final String key;

    public ConfigException(String file, String key, String problem) {
        super(file + ": " + key + ": " + problem);
        this.file = file;
        this.key = key;
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }
}
