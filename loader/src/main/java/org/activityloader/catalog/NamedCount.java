package org.activityloader.catalog;

/** A count of something named: runs of a status, records of a topic. */
public record NamedCount(String name, long n) {
}
