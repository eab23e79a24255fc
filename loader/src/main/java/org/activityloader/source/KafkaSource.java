package org.activityloader.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.config.KafkaSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads offsets of and drains topic-partitions with a Kafka consumer that is assigned partitions
 * directly (no consumer group, no offsets committed to Kafka: the catalog holds them).
 */
public final class KafkaSource implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final LogOffsets logOffsets;
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
        try {
            this.consumer = new KafkaConsumer<>(ClientSettings.consumer(spec), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) { // "Failed to construct kafka consumer": the reason is its cause (a host that does not resolve)
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new SourceException("cannot use Kafka at " + spec.bootstrapServers() + " (kafka.bootstrap_servers): "
                    + root.getMessage() + "; check the host names and ports (and kafka.properties)", "kafka.bootstrap_servers", e);
        }
        this.logOffsets = new LogOffsets(consumer, ClientSettings.admin(spec), requestTimeout, clock);
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
        return logOffsets.logs(topics);
    }

    /**
     * For each partition, the first offset whose record timestamp is at or after the instant; the
     * log end where there is none (Kafka's offsets-for-times).
     */
    public Map<TopicPartition, Long> offsetsAtOrAfter(Map<TopicPartition, Long> timestamps, Map<TopicPartition, Long> logEnds) {
        return logOffsets.offsetsAtOrAfter(timestamps, logEnds);
    }

    /**
     * The Kafka timestamp of the record at each given offset (the oldest record not loaded yet, for
     * the lag in time), as far as it can be read within the request timeout; a partition whose
     * offset is at its end, or whose record did not arrive in time, is left out.
     */
    public Map<TopicPartition, Long> timestampsAt(Map<TopicPartition, Long> offsets) {
        return logOffsets.timestampsAt(offsets);
    }

    /**
     * Drains the plan's ranges, handing the records to the handler, until every range is done or a
     * limit stops it. A partition may have several ranges (a backfill's hours far apart): they are
     * read one after the other, in offset order. Returns the ranges actually consumed, in the plan's
     * order: each starts at the planned offset and ends where this drain stopped, so nothing between
     * is skipped.
     */
    public List<PartitionRange> drain(List<PartitionRange> plan, DrainLimits limits, BatchHandler handler, DrainListener listener) {
        DrainRanges ranges = new DrainRanges(plan);
        Map<TopicPartition, Long> starts = ranges.starts();
        consumer.assign(starts.keySet());
        starts.forEach(consumer::seek);
        DrainRanges.Positions positions = new ConsumerPositions();
        long handed = 0;
        Instant started = clock.instant();
        Instant lastProgress = started;
        while (!ranges.done() && !limitReached(limits, started)) {
            handed += hand(poll(), ranges, handler);
            listener.afterPoll(handed, bytesRead);
            boolean progressed = ranges.advance(positions);
            Instant now = clock.instant();
            if (progressed) {
                lastProgress = now;
            } else if (Duration.between(lastProgress, now).compareTo(limits.quietTimeout()) > 0) {
                throw new SourceException("no data from Kafka for " + limits.quietTimeout().toSeconds() + "s while "
                        + ranges.open().size() + " partition(s) still had records to load (first: " + ranges.open().iterator().next()
                        + "); is the broker up?");
            }
        }
        consumer.assign(List.of());
        return ranges.consumed();
    }

    /** Checked between polls: a drain may read up to one poll's worth past its byte limit. */
    private boolean limitReached(DrainLimits limits, Instant started) {
        return bytesRead >= limits.maxBytes() || limits.stopRequested().getAsBoolean()
                || Duration.between(started, clock.instant()).compareTo(limits.maxDuration()) >= 0;
    }

    private ConsumerRecords<byte[], byte[]> poll() {
        try {
            long pollStart = System.nanoTime();
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            pollNanos += System.nanoTime() - pollStart;
            return records;
        } catch (KafkaException e) {
            throw new SourceException("reading from Kafka failed: " + e.getMessage(), e);
        }
    }

    /**
     * Hands the handler, per partition, the polled records inside the range it reads (those beyond
     * belong to its next range, or to the next run), counting their bytes; returns how many.
     */
    private long hand(ConsumerRecords<byte[], byte[]> records, DrainRanges ranges, BatchHandler handler) {
        long handed = 0;
        for (TopicPartition tp : records.partitions()) {
            Optional<PartitionRange> reading = ranges.reading(tp);
            if (reading.isEmpty()) {
                continue;
            }
            PartitionRange r = reading.get();
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
            int first = 0;
            while (first < batch.size() && batch.get(first).offset() < r.from()) {
                first++; // before the range (cannot follow a seek, but never handed twice)
            }
            int end = first;
            while (end < batch.size() && batch.get(end).offset() < r.to()) {
                ConsumerRecord<byte[], byte[]> rec = batch.get(end);
                bytesRead += (rec.value() == null ? 0 : rec.value().length) + (rec.key() == null ? 0 : rec.key().length);
                end++;
            }
            if (end > first) {
                handler.handle(first == 0 && end == batch.size() ? batch : batch.subList(first, end));
                handed += end - first;
            }
        }
        return handed;
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

    /** The consumer as a drain moves it through its ranges. */
    private final class ConsumerPositions implements DrainRanges.Positions {
        @Override
        public long position(TopicPartition tp) {
            return consumer.position(tp, requestTimeout);
        }

        @Override
        public void seek(TopicPartition tp, long offset) {
            consumer.seek(tp, offset);
        }

        @Override
        public void pause(TopicPartition tp) {
            consumer.pause(List.of(tp));
        }
    }
}
