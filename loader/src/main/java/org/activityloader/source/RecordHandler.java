package org.activityloader.source;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Receives each drained record in offset order per partition. */
@FunctionalInterface
public interface RecordHandler {
    void handle(ConsumerRecord<byte[], byte[]> record);
}
