package org.activityloader.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a topic's records are: events (JSON objects, or Avro single-object encoded) checked against
 * their activity type's schema, or plain text lines (one row per record, the line as it is).
 */
public enum TopicFormat {
    JSON, TEXT;

    /** As a job file writes it: {@code json}, {@code text}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TopicFormat> of(String text) {
        return Arrays.stream(values()).filter(f -> f.value().equals(text)).findFirst();
    }
}
