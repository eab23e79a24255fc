package org.activityloader.config;

/** One Kafka topic and the activity type (schema) its events are. */
public record TopicBinding(String topic, String activityType) {
}
