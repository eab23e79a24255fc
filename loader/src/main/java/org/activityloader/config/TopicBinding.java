package org.activityloader.config;

/** One Kafka topic, the activity type its records are, and their format. */
public record TopicBinding(String topic, String activityType, TopicFormat format) {
    /** A topic of events (JSON or Avro single-object). */
    public TopicBinding(String topic, String activityType) {
        this(topic, activityType, TopicFormat.JSON);
    }
}
