package org.activityloader.source;

import java.util.Optional;

/**
 * Kafka cannot be drained as planned: a missing topic, an unreachable or silent broker, a recreated
 * topic. When the cause is the job's configuration, {@link #configKey} names the key to fix.
 */
public class SourceException extends RuntimeException {
    private final String configKey;

    public SourceException(String message) {
        this(message, null, null);
    }

    public SourceException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public SourceException(String message, String configKey, Throwable cause) {
        super(message, cause);
        this.configKey = configKey;
    }

    public Optional<String> configKey() {
        return Optional.ofNullable(configKey);
    }
}
