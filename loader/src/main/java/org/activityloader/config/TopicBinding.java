package org.activityloader.config;

import java.util.Optional;

/**
 * One Kafka topic, the activity type its records are, their format and, for
 * {@code avro-registry}, the schema registry that knows their writer schemas.
 */
public record TopicBinding(String topic, String activityType, TopicFormat format, Optional<RegistryUrl> registry) {
    public TopicBinding {
        if ((format == TopicFormat.AVRO_REGISTRY) != registry.isPresent()) {
            throw new IllegalArgumentException("a registry URL goes with format avro-registry, and only with it");
        }
    }

    /** A topic of events (JSON or Avro single-object). */
    public TopicBinding(String topic, String activityType) {
        this(topic, activityType, TopicFormat.JSON, Optional.empty());
    }

    /** A topic of a format that needs no registry. */
    public TopicBinding(String topic, String activityType, TopicFormat format) {
        this(topic, activityType, format, Optional.empty());
    }

    /** A topic of registry-framed Avro events. */
    public static TopicBinding registryFramed(String topic, String activityType, RegistryUrl registry) {
        return new TopicBinding(topic, activityType, TopicFormat.AVRO_REGISTRY, Optional.of(registry));
    }
}
