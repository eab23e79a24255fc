package org.activityloader.source;

/** Kafka cannot be drained as planned: a missing topic, a recreated topic, a broker that stays silent. */
public final class SourceException extends RuntimeException {
    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
