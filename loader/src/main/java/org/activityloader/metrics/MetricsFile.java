package org.activityloader.metrics;

import java.io.IOException;
import java.nio.file.Path;
import org.activityloader.report.AtomicFile;

/**
 * Writes metrics for node_exporter's textfile collector: to a temporary file in the same folder,
 * then renamed over the target, so the collector never reads half a file.
 */
public final class MetricsFile {
    private MetricsFile() {
    }

    public static void write(Path target, String text) throws IOException {
        // Hidden until the rename: the collector (node_exporter, a user of its own) reads *.prom only.
        AtomicFile.write(target, out -> out.write(text));
    }
}
