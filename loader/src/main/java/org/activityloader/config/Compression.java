package org.activityloader.config;

/** Compression codec for data files; each writer maps it to its own codec name. */
public enum Compression {
    SNAPPY, ZSTD, GZIP, NONE
}
