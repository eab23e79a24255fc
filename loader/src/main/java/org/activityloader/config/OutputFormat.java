package org.activityloader.config;

/** File format of the data files. */
public enum OutputFormat {
    PARQUET("parquet"),
    AVRO("avro");

    private final String extension;

    OutputFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }
}
