package org.activityloader.partition;

/**
 * Names of a run's files relative to the warehouse root. Staged files mirror their final path
 * under {@code _staging/<run>/}, so publishing is one rename per file and recovery can derive the
 * final path from the staged one. Leading underscores keep Hive, Spark, Trino and DuckDB from
 * reading staging, dead-letter and replaced folders.
 */
public final class FileNames {
    public static final String STAGING = "_staging";
    public static final String DEAD_LETTER = "_dead_letter";
    /** Where published files that a later run replaced wait until {@code loader vacuum} deletes them. */
    public static final String REPLACED = "_replaced";

    private FileNames() {
    }

    public static String dataFile(PartitionKey key, String runId, int sequence, String extension) {
        return key.directory() + "/part-" + runId + "-" + String.format("%05d", sequence) + "." + extension;
    }

    /** Hadoop's marker that an hour's folder is complete, which sensors (Oozie, Airflow) and Spark jobs wait for. */
    public static String successMarker(PartitionKey hour) {
        return hour.directory() + "/_SUCCESS";
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

    /** The folder of the files a run replaced, moved out of the partition folders when it published. */
    public static String replacedDir(String replacingRunId) {
        return REPLACED + "/" + replacingRunId;
    }

    public static String replaced(String replacingRunId, String finalPath) {
        return replacedDir(replacingRunId) + "/" + finalPath;
    }
}
