package org.activityloader.config;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Where an event's time comes from and which times are believable.
 *
 * @param field     event field holding the event time (epoch millis or ISO-8601); the Kafka record
 *                  timestamp is used when the event has none
 * @param zone      zone of the date/hour partitions
 * @param maxPast   events older than this before the run's start are rejected (clock skew, bugs)
 * @param maxFuture events later than this after the run's start are rejected
 */
public record EventTimeSpec(String field, ZoneId zone, Duration maxPast, Duration maxFuture) {
}
