package org.activityloader.decode;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** How one topic's records become rows of its activity type: events against a schema, or text lines. */
public interface RecordDecoder {
    DecodeResult decode(ConsumerRecord<byte[], byte[]> rec);
}
