package org.activityloader.decode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
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

    public static ActivitySchemas load(Path dir, Collection<String> types) {
        Map<String, ActivitySchema> map = new TreeMap<>();
        for (String type : types) {
            Path file = dir.resolve(type + ".avsc");
            try {
                map.put(type, ActivitySchema.of(type, new Schema.Parser().parse(Files.readString(file))));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("schema " + file + " cannot be used: " + e.getMessage(), e);
            }
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
