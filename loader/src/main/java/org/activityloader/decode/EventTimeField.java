package org.activityloader.decode;

import static org.activityloader.decode.AvroTypes.isTimestamp;
import static org.activityloader.decode.AvroTypes.nonNull;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** The field of an activity type's schema that holds the event time; an event without one takes its Kafka timestamp. */
final class EventTimeField {
    private final Schema.Field field;

    EventTimeField(Schema schema, String name) {
        this.field = schema.getField(name);
        if (field == null || !isTimestamp(nonNull(field.schema()))) {
            throw new IllegalArgumentException("schema " + schema.getFullName() + " has no timestamp field '"
                    + name + "' (type long, logicalType timestamp-millis)");
        }
    }

    Schema.Field field() {
        return field;
    }

    /** The decoded event with its event time, which is the Kafka record's timestamp when the event has none. */
    DecodeResult.Decoded settle(GenericRecord record, long kafkaTimestamp, int unknownFields) {
        Object time = record.get(field.pos());
        if (time == null) {
            record.put(field.pos(), kafkaTimestamp);
            time = kafkaTimestamp;
        }
        return new DecodeResult.Decoded(record, (Long) time, unknownFields);
    }
}
