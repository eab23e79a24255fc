package org.activityloader.source;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Receives the drained records of one partition from one poll, in offset order. */
@FunctionalInterface
public interface BatchHandler {
    void handle(List<ConsumerRecord<byte[], byte[]>> records);
}
