package org.activityloader.embedded;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces realistic website activity to Kafka (page views, searches, clicks, sign-ups) spread over
 * several hours of event time, with a share of malformed events of every kind the loader must
 * reject. Deterministic for a seed, and it reports exactly what it produced, so a test or the demo
 * can compare what was loaded with what was sent.
 */
public final class TrafficGenerator {
    /** Topic of each activity type in the demo and the tests. */
    public static final Map<String, String> TOPICS = Map.of(
            "page_view", "page_views", "search", "searches", "click", "clicks", "signup", "signups");

    private final String bootstrapServers;
    private final long seed;
    private final Random random;
    private final boolean compact;
    private final boolean keepIds;
    private final String topicSuffix;
    private final BiFunction<String, byte[], byte[]> encoding;
    private final ActivityEvents activity;

    public TrafficGenerator(String bootstrapServers, long seed) {
        this(bootstrapServers, seed, false, true, "", (type, json) -> json);
    }

    private TrafficGenerator(String bootstrapServers, long seed, boolean compact, boolean keepIds, String topicSuffix,
                             BiFunction<String, byte[], byte[]> encoding) {
        this.bootstrapServers = bootstrapServers;
        this.seed = seed;
        this.random = new Random(seed);
        this.compact = compact;
        this.keepIds = keepIds;
        this.topicSuffix = topicSuffix;
        this.encoding = encoding;
        this.activity = new ActivityEvents(random, compact);
    }

    /**
     * The same kind of traffic without user agents and referrers, with values from small sets: events of
     * ~250 bytes instead of the wide shape's ~420 (URLs with ids and campaign tags, referrers with search
     * terms, user agents with their version numbers, millions of users: what real sites send).
     */
    public TrafficGenerator compact() {
        return new TrafficGenerator(bootstrapServers, seed, true, keepIds, topicSuffix, encoding);
    }

    /** Leaves {@link Traffic#eventIds} empty: millions of ids would take more heap than the loader. */
    public TrafficGenerator withoutIds() {
        return new TrafficGenerator(bootstrapServers, seed, compact, false, topicSuffix, encoding);
    }

    /** Sends each activity type to its topic in {@link #TOPICS} with this suffix: traffic for a job of its own. */
    public TrafficGenerator withTopicSuffix(String suffix) {
        return new TrafficGenerator(bootstrapServers, seed, compact, keepIds, suffix, encoding);
    }

    /**
     * Sends each good event as {@code encoding} turns its JSON (given the activity type) into the bytes
     * of another input format, e.g. registry-framed Avro; malformed events stay as they are.
     */
    public TrafficGenerator encodedAs(BiFunction<String, byte[], byte[]> encoding) {
        return new TrafficGenerator(bootstrapServers, seed, compact, keepIds, topicSuffix, encoding);
    }

    /** An hour of event time (UTC) of one activity type: where the loader files an event. */
    public record Hour(String activityType, LocalDate date, int hour) {
        static Hour of(String activityType, long eventTimeMillis) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(eventTimeMillis, 1000), 0, ZoneOffset.UTC);
            return new Hour(activityType, t.toLocalDate(), t.getHour());
        }
    }

    /**
     * What was produced: good events by the hour partition they belong to (UTC), their ids, the
     * number of malformed events per topic, and the sum of {@link #idDigest} over the good events'
     * ids (kept even without the ids: with the count, it tells whether a read-back holds the same ids).
     */
    public record Traffic(Map<Hour, Long> goodByHour, List<String> eventIds, Map<String, Long> malformedByTopic,
                          long idDigest) {
        public long good() {
            return goodByHour.values().stream().mapToLong(Long::longValue).sum();
        }

        public long malformed() {
            return malformedByTopic.values().stream().mapToLong(Long::longValue).sum();
        }

        public Traffic plus(Traffic other) {
            Map<Hour, Long> hours = new HashMap<>(goodByHour);
            other.goodByHour.forEach((k, v) -> hours.merge(k, v, Long::sum));
            List<String> ids = new ArrayList<>(eventIds);
            ids.addAll(other.eventIds);
            Map<String, Long> bad = new HashMap<>(malformedByTopic);
            other.malformedByTopic.forEach((k, v) -> bad.merge(k, v, Long::sum));
            return new Traffic(hours, ids, bad, idDigest + other.idDigest);
        }
    }

    /**
     * @param events       events to send
     * @param firstHour    start of the event-time window
     * @param hours        width of the window in hours
     * @param malformedPer one in this many events is malformed (0: none)
     * @param types        activity types to send, each to its topic in {@link #TOPICS}
     */
    public Traffic produce(long events, Instant firstHour, int hours, int malformedPer, List<String> types) {
        Map<Hour, Long> goodByHour = new HashMap<>();
        Map<String, Long> malformed = new HashMap<>();
        List<String> ids = new ArrayList<>();
        long digest = 0;
        long windowMillis = Duration.ofHours(hours).toMillis();
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (long i = 0; i < events; i++) {
                String type = activity.pick(types);
                String topic = TOPICS.get(type) + topicSuffix;
                long eventTime = firstHour.toEpochMilli() + (long) (random.nextDouble() * windowMillis);
                String eventId = new UUID(random.nextLong(), random.nextLong()).toString();
                // About eight events a session, so that sessions search after viewing pages and click after searching.
            String session = "s-" + Integer.toHexString(random.nextInt((int) Math.max(100, Math.min(events / 8, 1 << 30))));
                byte[] value;
                if (malformedPer > 0 && random.nextInt(malformedPer) == 0) {
                    value = activity.malformed(type, eventId, eventTime, session);
                    malformed.merge(topic, 1L, Long::sum);
                } else {
                    value = encoding.apply(type, activity.event(type, eventId, eventTime, session));
                    goodByHour.merge(Hour.of(type, eventTime), 1L, Long::sum);
                    digest += idDigest(eventId);
                    if (keepIds) {
                        ids.add(eventId);
                    }
                }
                // Record timestamp left to the producer (now): brokers refuse timestamps more than
                // log.message.timestamp.after.max.ms (1 h) ahead, and event times may be in the future.
                pending.add(producer.send(new ProducerRecord<>(topic, session.getBytes(StandardCharsets.UTF_8), value)));
                if (pending.size() >= 50_000) {
                    awaitAll(pending);
                }
            }
            producer.flush();
            awaitAll(pending);
        }
        return new Traffic(goodByHour, ids, malformed, digest);
    }

    /** A 64-bit hash of an event id (SplitMix64 over its UUID bits): summed over a set of ids, a fingerprint of the set. */
    public static long idDigest(String eventId) {
        UUID u = UUID.fromString(eventId);
        long z = u.getMostSignificantBits() * 0x9E3779B97F4A7C15L + u.getLeastSignificantBits();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void awaitAll(List<Future<RecordMetadata>> pending) {
        try {
            for (Future<RecordMetadata> f : pending) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("producing to Kafka failed: " + e.getCause().getMessage(), e.getCause());
        }
        pending.clear();
    }
}
