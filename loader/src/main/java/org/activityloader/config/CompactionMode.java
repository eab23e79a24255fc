package org.activityloader.config;

/** {@code compaction} in a job: {@code off} (only `loader compact` merges files) or {@code auto} (each run also compacts the hours it completed). */
public enum CompactionMode {
    OFF, AUTO
}
