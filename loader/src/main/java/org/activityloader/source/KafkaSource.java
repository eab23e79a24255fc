package org.activityloader.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.activityloader.config.KafkaSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads offsets of and drains topic-partitions with a Kafka consumer that is assigned partitions
 * directly (no consumer group, no offsets committed to Kafka: the catalog holds them).
 */
public final class KafkaSource implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Properties adminProperties;
    private final Duration requestTimeout;
    private final Clock clock;
    private long bytesRead;
    private long pollNanos;
    /** What {@link #openAhead} read, for the first {@link #logs} of those topics. */
    private List<String> aheadTopics;
    private List<PartitionLog> ahead;
    private RuntimeException aheadFailure;
    private boolean closed;

    public KafkaSource(KafkaSpec spec, Clock clock) {
        this.requestTimeout = spec.requestTimeout();
        this.clock = clock;
        Properties props = new Properties();
        // Defaults sized for batch draining with bounded memory; the job's properties may change them.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(16 << 20));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 << 20));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "activity-loader");
        props.putAll(spec.clientProperties());
        // Not negotiable: offsets live in the catalog, never in Kafka.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        try {
            this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) { // "Failed to construct kafka consumer": the reason is its cause (a host that does not resolve)
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new SourceException("cannot use Kafka at " + spec.bootstrapServers() + " (kafka.bootstrap_servers): "
                    + root.getMessage() + "; check the host names and ports (and kafka.properties)", "kafka.bootstrap_servers", e);
        }
        // Topic ids (which tell a recreated topic from the old one) come only from the admin API.
        this.adminProperties = new Properties();
        adminProperties.putAll(spec.clientProperties());
        adminProperties.put(AdminClientConfig.CLIENT_ID_CONFIG, "activity-loader-admin");
        adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        adminProperties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
    }

    /**
     * A source made, and the logs of the topics read, on a thread of its own: a run starts this
     * before it opens its catalog, so that Kafka's round trips and the catalog's start overlap. The
     * logs read are what the first {@link #logs} of the same topics returns (or its failure).
     */
    public static java.util.concurrent.CompletableFuture<KafkaSource> openAhead(KafkaSpec spec, Clock clock, List<String> topics) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            KafkaSource source = new KafkaSource(spec, clock);
            try {
                source.ahead = source.logs(topics);
            } catch (RuntimeException e) {
                source.aheadFailure = e;
            }
            source.aheadTopics = List.copyOf(topics);
            return source;
        });
    }

    /** Every partition of the topics with the topic's id and the log's start and end offsets now. */
    public List<PartitionLog> logs(Collection<String> topics) {
        if (aheadTopics != null && aheadTopics.equals(List.copyOf(topics))) {
            aheadTopics = null;
            if (aheadFailure != null) {
                throw aheadFailure;
            }
            return ahead;
        }
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

    /**
     * For each partition, the first offset whose record timestamp is at or after the instant; the
     * log end where there is none (Kafka's offsets-for-times).
     */
    public Map<TopicPartition, Long> offsetsAtOrAfter(Map<TopicPartition, Long> timestamps, Map<TopicPartition, Long> logEnds) {
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

    /**
     * The Kafka timestamp of the record at each given offset (the oldest record not loaded yet, for
     * the lag in time), as far as it can be read within the request timeout; a partition whose
     * offset is at its end, or whose record did not arrive in time, is left out.
     */
    public Map<TopicPartition, Long> timestampsAt(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> out = new HashMap<>();
        if (offsets.isEmpty()) {
            return out;
        }
        consumer.assign(offsets.keySet());
        offsets.forEach(consumer::seek);
        Instant deadline = clock.instant().plus(requestTimeout);
        try {
            while (out.size() < offsets.size() && clock.instant().isBefore(deadline)) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
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

    /**
     * Drains the plan's ranges, handing the records to the handler, until every range is done or a
     * limit stops it. A partition may have several ranges (a backfill's hours far apart): they are
     * read one after the other, in offset order. Returns the ranges actually consumed, in the plan's
     * order: each starts at the planned offset and ends where this drain stopped, so nothing between
     * is skipped.
     */
    public List<PartitionRange> drain(List<PartitionRange> plan, DrainLimits limits, BatchHandler handler, DrainListener listener) {
        long[] reached = new long[plan.size()];
        Map<TopicPartition, ArrayDeque<Integer>> pending = new LinkedHashMap<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            reached[i] = plan.get(i).from();
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> plan.get(i).from()));
        for (int i : order) {
            if (!plan.get(i).isEmpty()) {
                pending.computeIfAbsent(plan.get(i).topicPartition(), tp -> new ArrayDeque<>()).add(i);
            }
        }
        Map<TopicPartition, Integer> open = new LinkedHashMap<>(); // each partition's range being read
        pending.forEach((tp, ranges) -> open.put(tp, ranges.poll()));
        consumer.assign(open.keySet());
        open.forEach((tp, i) -> consumer.seek(tp, plan.get(i).from()));
        long handed = 0;
        Instant started = clock.instant();
        Instant lastProgress = started;
        while (!open.isEmpty()) {
            if (bytesRead >= limits.maxBytes() || limits.stopRequested().getAsBoolean()
                    || Duration.between(started, clock.instant()).compareTo(limits.maxDuration()) >= 0) {
                break;
            }
            ConsumerRecords<byte[], byte[]> records;
            try {
                long pollStart = System.nanoTime();
                records = consumer.poll(POLL);
                pollNanos += System.nanoTime() - pollStart;
            } catch (KafkaException e) {
                throw new SourceException("reading from Kafka failed: " + e.getMessage(), e);
            }
            for (TopicPartition tp : records.partitions()) {
                Integer current = open.get(tp);
                List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
                int first = 0;
                int end = 0;
                if (current != null) {
                    PartitionRange r = plan.get(current);
                    while (first < batch.size() && batch.get(first).offset() < r.from()) {
                        first++; // before the range (cannot follow a seek, but never handed twice)
                    }
                    end = first;
                    while (end < batch.size() && batch.get(end).offset() < r.to()) { // beyond: the next range, or the next run
                        ConsumerRecord<byte[], byte[]> rec = batch.get(end);
                        bytesRead += (rec.value() == null ? 0 : rec.value().length) + (rec.key() == null ? 0 : rec.key().length);
                        end++;
                    }
                }
                if (end > first) {
                    handler.handle(first == 0 && end == batch.size() ? batch : batch.subList(first, end));
                    handed += end - first;
                }
            }
            listener.afterPoll(handed, bytesRead);
            boolean progressed = false;
            for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<TopicPartition, Integer> e = it.next();
                int current = e.getValue();
                PartitionRange r = plan.get(current);
                long position = Math.min(consumer.position(e.getKey(), requestTimeout), r.to());
                if (position > reached[current]) {
                    reached[current] = position;
                    progressed = true;
                }
                if (position >= r.to()) {
                    Integer next = pending.get(e.getKey()).poll();
                    if (next == null) {
                        consumer.pause(List.of(e.getKey()));
                        it.remove();
                    } else {
                        e.setValue(next);
                        consumer.seek(e.getKey(), plan.get(next).from());
                    }
                }
            }
            Instant now = clock.instant();
            if (progressed) {
                lastProgress = now;
            } else if (Duration.between(lastProgress, now).compareTo(limits.quietTimeout()) > 0) {
                throw new SourceException("no data from Kafka for " + limits.quietTimeout().toSeconds() + "s while "
                        + open.size() + " partition(s) still had records to load (first: " + open.keySet().iterator().next()
                        + "); is the broker up?");
            }
        }
        consumer.assign(List.of());
        List<PartitionRange> consumed = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            consumed.add(plan.get(i).withTo(reached[i]));
        }
        return consumed;
    }

    /** Time spent waiting in poll: fetching and deserializing batches. */
    public Duration pollTime() {
        return Duration.ofNanos(pollNanos);
    }

    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public synchronized void close() {
        if (!closed) { // a source opened ahead may be closed by its run and by the command that opened it
            closed = true;
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
