package org.activityloader.source;

/** Where the catalog says loading of a partition continues, and the id of the topic it was loaded from (may be null). */
public record StoredPosition(long nextOffset, String topicId) {
}
