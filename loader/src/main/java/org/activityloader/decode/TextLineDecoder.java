package org.activityloader.decode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A topic of plain text lines ({@code format: text}, the log-aggregation use): each record lands as
 * a row with the line as it is, its Kafka timestamp (the hour it is filed under, as {@code event_time}),
 * its key, topic, partition and offset ({@code kafka_*}: {@code offset} and {@code partition} are SQL words). A value that is not UTF-8 is rejected ({@code invalid_utf8});
 * one over {@code limits.max_event_size} is rejected before it gets here ({@code too_large}). Not
 * thread-safe (its charset decoder is not).
 */
public final class TextLineDecoder implements RecordDecoder {
    /** The columns of a text activity type; every text type has them. */
    public static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "TextLine", "namespace": "org.activityloader.events",
             "doc": "One record of a text topic: a log line as it was sent.",
             "fields": [
               {"name": "event_time", "type": {"type": "long", "logicalType": "timestamp-millis"},
                "doc": "The Kafka record's timestamp: the hour the line is filed under."},
               {"name": "line", "type": "string", "doc": "The record's value, UTF-8, as it was (a trailing newline removed)."},
               {"name": "kafka_key", "type": ["null", "string"], "default": null, "doc": "The record's key as UTF-8, if it has one."},
               {"name": "kafka_topic", "type": "string"},
               {"name": "kafka_partition", "type": "int"},
               {"name": "kafka_offset", "type": "long"}
             ]}""");

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    @Override
    public DecodeResult decode(ConsumerRecord<byte[], byte[]> rec) {
        if (rec.value() == null) {
            return DecodeResult.TOMBSTONE;
        }
        String line;
        try {
            line = utf8.decode(ByteBuffer.wrap(rec.value())).toString();
        } catch (CharacterCodingException e) {
            return new DecodeResult.Rejected("invalid_utf8", "the value (" + rec.value().length + " bytes) is not UTF-8 text: "
                    + e.getMessage());
        }
        if (line.endsWith("\n")) {
            line = line.substring(0, line.length() - (line.endsWith("\r\n") ? 2 : 1));
        }
        GenericRecord row = new GenericData.Record(SCHEMA);
        row.put("event_time", rec.timestamp());
        row.put("line", line);
        row.put("kafka_key", rec.key() == null ? null : new String(rec.key(), StandardCharsets.UTF_8));
        row.put("kafka_topic", rec.topic());
        row.put("kafka_partition", rec.partition());
        row.put("kafka_offset", rec.offset());
        return new DecodeResult.Decoded(row, rec.timestamp(), 0);
    }
}
