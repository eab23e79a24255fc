package org.activityloader.write;

import java.time.Instant;

/** A file of the warehouse, relative to its root, and when it was last written. */
public record StoredFile(String path, Instant modified) {
}
