package org.activityloader.catalog;

/** Rejected records of one topic with one kind of problem ({@code malformed_json}, {@code too_large}, ...). */
public record ProblemCount(String topic, String problem, long records) {
}
