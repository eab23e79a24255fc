package org.activityloader.decode;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.activityloader.config.JobSpec;
import org.activityloader.config.SchemaFiles;
import org.activityloader.config.TopicBinding;
import org.activityloader.config.TopicFormat;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/** The Avro schema of each activity type, read from {@code <dir>/<activity_type>.avsc}. */
public final class ActivitySchemas {
    private final Map<String, ActivitySchema> byType;

    private ActivitySchemas(Map<String, ActivitySchema> byType) {
        this.byType = java.util.Collections.unmodifiableMap(new TreeMap<>(byType));
    }

    /** One schema with its fingerprint (CRC-64-AVRO of the parsing canonical form, as hex). */
    public record ActivitySchema(String activityType, Schema schema, String fingerprint) {
        static ActivitySchema of(String type, Schema schema) {
            return new ActivitySchema(type, schema,
                    String.format("%016x", SchemaNormalization.parsingFingerprint64(schema)));
        }
    }

    /** The schemas of the job's activity types (checked already when the job file was read). */
    public static ActivitySchemas of(JobSpec spec) {
        Map<String, ActivitySchema> map = new TreeMap<>();
        for (TopicBinding t : spec.topics()) {
            map.computeIfAbsent(t.activityType(), type -> ActivitySchema.of(type, t.format() == TopicFormat.TEXT
                    ? TextLineDecoder.SCHEMA : SchemaFiles.read(spec.schemasDir(), type)));
        }
        return new ActivitySchemas(map);
    }

    /** @throws org.activityloader.config.ConfigException naming the file and what is wrong with it */
    public static ActivitySchemas load(Path dir, Collection<String> types) {
        Map<String, ActivitySchema> map = new TreeMap<>();
        for (String type : types) {
            map.put(type, ActivitySchema.of(type, SchemaFiles.read(dir, type)));
        }
        return new ActivitySchemas(map);
    }

    public ActivitySchema get(String type) {
        ActivitySchema s = byType.get(type);
        if (s == null) {
            throw new IllegalArgumentException("no schema for activity type " + type);
        }
        return s;
    }

    /** Every schema, ordered by activity type (so runs register them in a stable order). */
    public Collection<ActivitySchema> all() {
        return byType.values();
    }
}
