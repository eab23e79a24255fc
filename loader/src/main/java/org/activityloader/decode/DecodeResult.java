package org.activityloader.decode;

import org.apache.avro.generic.GenericRecord;

/** What became of one Kafka record: an Avro record with its event time, or a reject with its reason. */
public sealed interface DecodeResult {
    /** A record without a value (a delete marker on a compacted topic): nothing to load, whatever the format. */
    Rejected TOMBSTONE = new Rejected("tombstone", "record has a null value");

    /** @param unknownFields fields in the event that the schema does not have (ignored, counted) */
    record Decoded(GenericRecord record, long eventTimeMillis, int unknownFields) implements DecodeResult {
    }

    /** @param category short, stable kind of problem (for grouping); detail says exactly what */
    record Rejected(String category, String detail) implements DecodeResult {
        public String reason() {
            return category + ": " + detail;
        }
    }
}
