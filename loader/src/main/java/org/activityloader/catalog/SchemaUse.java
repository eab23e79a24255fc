package org.activityloader.catalog;

import java.time.LocalDate;
import org.activityloader.partition.PartitionKey;

/** The live files of one hour written with one schema version (by fingerprint), and their records. */
public record SchemaUse(String activityType, String schemaFingerprint, LocalDate eventDate, int eventHour, long files, long records) {
    public PartitionKey key() {
        return new PartitionKey(activityType, eventDate, eventHour);
    }
}
