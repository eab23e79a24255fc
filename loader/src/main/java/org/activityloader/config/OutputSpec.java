package org.activityloader.config;

import java.net.URI;

/**
 * Where and how data files are written.
 *
 * @param warehouse       root of the warehouse, any Hadoop FileSystem URI
 * @param rowGroupBytes   Parquet row group size: the memory each open Parquet file may buffer
 * @param maxFileBytes    a file is rolled once it reaches this size
 * @param maxOpenFiles    open files kept at once; the least recently used is closed beyond this
 */
public record OutputSpec(URI warehouse, OutputFormat format, Compression compression,
                         long rowGroupBytes, long maxFileBytes, int maxOpenFiles) {
}
