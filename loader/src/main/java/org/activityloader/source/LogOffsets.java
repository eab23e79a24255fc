package org.activityloader.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the topics' logs are, read with a {@link KafkaSource}'s consumer (and an admin client for the
 * topic ids): their partitions, start and end offsets, the offsets at times and the times at offsets.
 * Each answer within the request timeout, or a {@link SourceException} saying what to check.
 */
final class LogOffsets {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Properties adminProperties;
    private final Duration requestTimeout;
    private final Clock clock;

    LogOffsets(KafkaConsumer<byte[], byte[]> consumer, Properties adminProperties, Duration requestTimeout, Clock clock) {
        this.consumer = consumer;
        this.adminProperties = adminProperties;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** See {@link KafkaSource#logs}. */
    List<PartitionLog> logs(Collection<String> topics) {
        List<TopicPartition> partitions = partitionsOf(topics);
        Map<TopicPartition, Long> start;
        Map<TopicPartition, Long> end;
        Map<String, TopicDescription> described;
        try (Admin admin = Admin.create(adminProperties)) {
            start = consumer.beginningOffsets(partitions, requestTimeout);
            end = consumer.endOffsets(partitions, requestTimeout);
            described = admin.describeTopics(topics).allTopicNames().get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KafkaException | ExecutionException | TimeoutException e) {
            throw new SourceException("cannot read offsets from Kafka within " + requestTimeout.toSeconds()
                    + "s: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while reading offsets from Kafka", e);
        }
        List<PartitionLog> out = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            out.add(new PartitionLog(tp, described.get(tp.topic()).topicId().toString(),
                    start.get(tp), end.get(tp)));
        }
        return out;
    }

    private List<TopicPartition> partitionsOf(Collection<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, requestTimeout);
            } catch (KafkaException e) {
                throw new SourceException("cannot reach Kafka (no partitions of topic " + topic + " within "
                        + requestTimeout.toSeconds() + "s: " + e.getMessage() + "); check the brokers and that they are up",
                        "kafka.bootstrap_servers", e);
            }
            if (infos == null || infos.isEmpty()) {
                throw new SourceException("topic " + topic + " does not exist on the Kafka cluster; "
                        + "create it or remove it from the job's topics", "topics", null);
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        return partitions;
    }

    /** See {@link KafkaSource#offsetsAtOrAfter}. */
    Map<TopicPartition, Long> offsetsAtOrAfter(Map<TopicPartition, Long> timestamps, Map<TopicPartition, Long> logEnds) {
        Map<TopicPartition, Long> out = new HashMap<>();
        try {
            consumer.offsetsForTimes(timestamps, requestTimeout).forEach((tp, found) ->
                    out.put(tp, found == null ? logEnds.get(tp) : found.offset()));
        } catch (KafkaException e) {
            throw new SourceException("cannot read offsets for times from Kafka within " + requestTimeout.toSeconds()
                    + "s: " + e.getMessage(), e);
        }
        return out;
    }

    /** See {@link KafkaSource#timestampsAt}. */
    Map<TopicPartition, Long> timestampsAt(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> out = new HashMap<>();
        if (offsets.isEmpty()) {
            return out;
        }
        consumer.assign(offsets.keySet());
        offsets.forEach(consumer::seek);
        Instant deadline = clock.instant().plus(requestTimeout);
        try {
            while (out.size() < offsets.size() && clock.instant().isBefore(deadline)) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(KafkaSource.POLL);
                for (TopicPartition tp : records.partitions()) {
                    if (!out.containsKey(tp)) {
                        out.put(tp, records.records(tp).get(0).timestamp());
                        consumer.pause(List.of(tp));
                    }
                }
            }
        } catch (KafkaException e) {
            throw new SourceException("reading from Kafka failed: " + e.getMessage(), e);
        } finally {
            consumer.assign(List.of());
        }
        return out;
    }
}
