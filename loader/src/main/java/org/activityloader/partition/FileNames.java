package org.activityloader.partition;

/**
 * Names of a run's files relative to the warehouse root. Staged files mirror their final path
 * under {@code _staging/<run>/}, so publishing is one rename per file and recovery can derive the
 * final path from the staged one. Leading underscores keep Hive, Spark, Trino and DuckDB from
 * reading staging and dead-letter folders.
 */
public final class FileNames {
    public static final String STAGING = "_staging";
    public static final String DEAD_LETTER = "_dead_letter";

    private FileNames() {
    }

    public static String dataFile(PartitionKey key, String runId, int sequence, String extension) {
        return key.directory() + "/part-" + runId + "-" + String.format("%05d", sequence) + "." + extension;
    }

    public static String deadLetterFile(String runId, String topic, int partition) {
        return DEAD_LETTER + "/" + runId + "/" + topic + "-" + partition + ".jsonl";
    }

    public static String stagingDir(String runId) {
        return STAGING + "/" + runId;
    }

    public static String staged(String runId, String finalPath) {
        return stagingDir(runId) + "/" + finalPath;
    }
}
