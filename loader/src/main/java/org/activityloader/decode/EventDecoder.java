package org.activityloader.decode;

import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns the bytes of one Kafka record into an Avro record of one activity type, checked against
 * its schema: Avro single-object encoding when the bytes start with its {@code C3 01} header
 * ({@link AvroEventReader}), JSON otherwise ({@link JsonEventReader}). An event without an event
 * time takes the Kafka record's timestamp. Not thread-safe: one per consuming thread.
 */
public final class EventDecoder implements RecordDecoder {
    private final EventTimeField eventTime;
    private final JsonEventReader json;
    private final AvroEventReader avro;

    /**
     * @param eventTimeField the field holding the event time; when an event lacks it, the Kafka
     *                       record timestamp is used instead
     */
    public EventDecoder(Schema schema, String eventTimeField) {
        this.eventTime = new EventTimeField(schema, eventTimeField);
        this.json = new JsonEventReader(schema, eventTime.field());
        this.avro = new AvroEventReader(schema);
    }

    @Override
    public DecodeResult decode(ConsumerRecord<byte[], byte[]> rec) {
        return decode(rec.value(), rec.timestamp());
    }

    public DecodeResult decode(byte[] value, long kafkaTimestamp) {
        if (value == null) {
            return DecodeResult.TOMBSTONE;
        }
        if (value.length == 0) {
            return new DecodeResult.Rejected("empty_value", "record value is empty");
        }
        DecodeResult read = AvroEventReader.isSingleObject(value) ? avro.read(value) : json.read(value);
        return read instanceof DecodeResult.Decoded d ? eventTime.settle(d.record(), kafkaTimestamp, d.unknownFields()) : read;
    }
}
