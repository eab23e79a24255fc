package org.activityloader.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a topic's records are: events (JSON objects, or Avro single-object encoded) checked against
 * their activity type's schema, Avro framed for a schema registry (magic byte 0, a 4-byte schema id,
 * the binary body) resolved into the type's schema, or plain text lines (one row per record, the
 * line as it is).
 */
public enum TopicFormat {
    JSON("json"), AVRO_REGISTRY("avro-registry"), TEXT("text");

    private final String value;

    TopicFormat(String value) {
        this.value = value;
    }

    /** As a job file writes it: {@code json}, {@code avro-registry}, {@code text}. */
    public String value() {
        return value;
    }

    /** Whether the records are events of a schema in {@code schemas/} (not text lines). */
    public boolean hasSchemaFile() {
        return this != TEXT;
    }

    public static Optional<TopicFormat> of(String text) {
        return Arrays.stream(values()).filter(f -> f.value.equals(text)).findFirst();
    }
}
