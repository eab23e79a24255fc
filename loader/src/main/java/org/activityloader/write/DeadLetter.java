package org.activityloader.write;

/** One rejected record: where it came from, why, and the dead-letter file (final path) keeping its bytes. */
public record DeadLetter(String topic, int partition, long offset, String reason, String filePath) {
}
