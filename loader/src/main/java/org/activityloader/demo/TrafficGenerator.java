package org.activityloader.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import org.activityloader.partition.HourlyPartitioner;
import org.activityloader.partition.PartitionKey;
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

    private static final String[] SITES = {"shop.example.com", "news.example.org", "docs.example.net"};
    private static final String[] PATHS = {"/", "/products", "/products/42", "/cart", "/checkout", "/blog/kafka-to-parquet",
        "/help", "/account", "/search", "/pricing"};
    private static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "IN", "BR", "JP", "NL", "CA", "ES"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"};
    private static final String[] QUERIES = {"running shoes", "kafka parquet", "red dress", "usb-c cable", "laptop stand",
        "coffee grinder", "noise cancelling headphones", "winter jacket"};
    private static final String[] REFERRERS = {"https://www.google.com/", "https://www.bing.com/", "https://news.ycombinator.com/",
        "https://www.reddit.com/r/dataengineering/", "https://duckduckgo.com/"};
    private static final String[] REFERRER_NAMES = {"google", "newsletter", "facebook", "partner", "affiliate", "twitter"};
    /** Words for titles, queries, slugs: 400 of them, so that two or three make hundreds of thousands of values. */
    private static final String[] WORDS = words();
    private static final String[] TARGETS = {"add-to-cart", "buy-now", "result-link", "nav-home", "banner", "signup-button"};
    private static final JsonFactory JSON = new JsonFactory();

    private static String[] words() {
        String[] stems = {"red", "blue", "green", "black", "white", "small", "large", "light", "heavy", "smart", "classic", "modern",
            "running", "winter", "summer", "travel", "kitchen", "office", "garden", "kids", "men", "women", "pro", "mini", "ultra"};
        String[] things = {"shoes", "jacket", "dress", "cable", "stand", "grinder", "headphones", "lamp", "chair", "desk",
            "bag", "watch", "phone", "case", "charger", "bottle", "mug", "book"};
        String[] out = new String[stems.length * things.length - 50];
        for (int i = 0; i < out.length; i++) {
            out[i] = i % 2 == 0 ? stems[i % stems.length] + things[i / stems.length] : things[i % things.length] + "s" + (i / 7);
        }
        return out;
    }

    private final String bootstrapServers;
    private final long seed;
    private final Random random;
    private final boolean compact;
    private final boolean keepIds;

    public TrafficGenerator(String bootstrapServers, long seed) {
        this(bootstrapServers, seed, false, true);
    }

    private TrafficGenerator(String bootstrapServers, long seed, boolean compact, boolean keepIds) {
        this.bootstrapServers = bootstrapServers;
        this.seed = seed;
        this.random = new Random(seed);
        this.compact = compact;
        this.keepIds = keepIds;
    }

    /**
     * The same kind of traffic without user agents and referrers, with values from small sets: events of
     * ~250 bytes instead of the wide shape's ~420 (URLs with ids and campaign tags, referrers with search
     * terms, user agents with their version numbers, millions of users: what real sites send).
     */
    public TrafficGenerator compact() {
        return new TrafficGenerator(bootstrapServers, seed, true, keepIds);
    }

    /** Leaves {@link Traffic#eventIds} empty: millions of ids would take more heap than the loader. */
    public TrafficGenerator withoutIds() {
        return new TrafficGenerator(bootstrapServers, seed, compact, false);
    }

    /**
     * What was produced: good events by the hour partition they belong to (UTC), their ids, the
     * number of malformed events per topic, and the sum of {@link #idDigest} over the good events'
     * ids (kept even without the ids: with the count, it tells whether a read-back holds the same ids).
     */
    public record Traffic(Map<PartitionKey, Long> goodByHour, List<String> eventIds, Map<String, Long> malformedByTopic,
                          long idDigest) {
        public long good() {
            return goodByHour.values().stream().mapToLong(Long::longValue).sum();
        }

        public long malformed() {
            return malformedByTopic.values().stream().mapToLong(Long::longValue).sum();
        }

        public Traffic plus(Traffic other) {
            Map<PartitionKey, Long> hours = new HashMap<>(goodByHour);
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
        Map<PartitionKey, Long> goodByHour = new HashMap<>();
        Map<String, Long> malformed = new HashMap<>();
        List<String> ids = new ArrayList<>();
        long digest = 0;
        HourlyPartitioner hourly = new HourlyPartitioner(ZoneOffset.UTC);
        long windowMillis = Duration.ofHours(hours).toMillis();
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (long i = 0; i < events; i++) {
                String type = pick(types);
                String topic = TOPICS.get(type);
                long eventTime = firstHour.toEpochMilli() + (long) (random.nextDouble() * windowMillis);
                String eventId = new UUID(random.nextLong(), random.nextLong()).toString();
                // About eight events a session, so that sessions search after viewing pages and click after searching.
            String session = "s-" + Integer.toHexString(random.nextInt((int) Math.max(100, Math.min(events / 8, 1 << 30))));
                byte[] value;
                if (malformedPer > 0 && random.nextInt(malformedPer) == 0) {
                    value = malformed(type, eventId, eventTime, session);
                    malformed.merge(topic, 1L, Long::sum);
                } else {
                    value = event(type, eventId, eventTime, session);
                    goodByHour.merge(hourly.keyFor(type, eventTime), 1L, Long::sum);
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

    private String pick(List<String> types) {
        if (types.size() == 1) {
            return types.get(0);
        }
        // Realistic mix: mostly page views, then searches and clicks, few sign-ups.
        int r = random.nextInt(100);
        String wanted = r < 60 ? "page_view" : r < 80 ? "search" : r < 97 ? "click" : "signup";
        return types.contains(wanted) ? wanted : types.get(random.nextInt(types.size()));
    }

    private byte[] event(String type, String eventId, long eventTime, String session) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event_id", eventId);
            if (random.nextBoolean()) {
                g.writeNumberField("event_time", eventTime);
            } else {
                g.writeStringField("event_time", Instant.ofEpochMilli(eventTime).toString());
            }
            if (random.nextInt(3) > 0) {
                g.writeStringField("user_id", "u-" + random.nextInt(compact ? 20_000 : 5_000_000));
            } else {
                g.writeNullField("user_id");
            }
            g.writeStringField("session_id", session);
            String site = SITES[random.nextInt(SITES.length)];
            g.writeStringField("site", site);
            g.writeStringField("url", url(site));
            if (!compact && random.nextBoolean()) {
                g.writeStringField("referrer", referrer());
            }
            if (!compact) {
                g.writeStringField("user_agent", userAgent());
            }
            g.writeStringField("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
            switch (type) {
                case "page_view" -> {
                    g.writeStringField("page_title", compact ? "Example page " + random.nextInt(500)
                            : WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " - item "
                            + random.nextInt(200_000) + " | " + site);
                    g.writeNumberField("load_time_ms", 50 + random.nextInt(3000));
                }
                case "search" -> {
                    g.writeStringField("query", compact ? QUERIES[random.nextInt(QUERIES.length)] : terms(1 + random.nextInt(4), " "));
                    g.writeNumberField("result_count", random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(1000));
                    g.writeNumberField("results_page", 1 + random.nextInt(3));
                }
                case "click" -> {
                    g.writeStringField("target", TARGETS[random.nextInt(TARGETS.length)]);
                    g.writeStringField("target_url", url(site));
                    g.writeNumberField("position", 1 + random.nextInt(20));
                }
                case "signup" -> {
                    g.writeStringField("plan", random.nextInt(10) == 0 ? "pro" : "free");
                    g.writeStringField("method", random.nextBoolean() ? "email" : "google");
                }
                default -> throw new IllegalArgumentException("unknown activity type " + type);
            }
            if (random.nextInt(20) == 0) {
                g.writeStringField("experiment", "checkout-v2"); // a field the schema does not have
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A page of the site: from a small set (compact), or with product ids, slugs and campaign tags as real URLs have. */
    private String url(String site) {
        String path = PATHS[random.nextInt(PATHS.length)];
        if (compact) {
            return "https://" + site + path;
        }
        StringBuilder sb = new StringBuilder("https://").append(site).append(path);
        if (random.nextInt(3) > 0) {
            sb.append(path.endsWith("/") ? "" : "/").append(terms(2, "-")).append('-').append(random.nextInt(1_000_000));
        }
        if (random.nextInt(4) == 0) {
            sb.append("?utm_source=").append(REFERRER_NAMES[random.nextInt(REFERRER_NAMES.length)])
                    .append("&utm_campaign=c").append(random.nextInt(5_000)).append("&ref=").append(Long.toHexString(random.nextLong()));
        }
        return sb.toString();
    }

    private String referrer() {
        int r = random.nextInt(3);
        return r == 0 ? REFERRERS[random.nextInt(REFERRERS.length)]
                : r == 1 ? "https://www.google.com/search?q=" + terms(1 + random.nextInt(3), "+") + "&client=firefox-b-d"
                : "https://www.bing.com/search?q=" + terms(1 + random.nextInt(3), "+") + "&form=QBLH&sp=-1";
    }

    /** Browsers as they name themselves: a handful of families, thousands of versions and platforms. */
    private String userAgent() {
        return switch (random.nextInt(4)) {
            case 0 -> "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
                    + (110 + random.nextInt(25)) + ".0." + random.nextInt(7_000) + "." + random.nextInt(250) + " Safari/537.36";
            case 1 -> "Mozilla/5.0 (iPhone; CPU iPhone OS " + (15 + random.nextInt(4)) + "_" + random.nextInt(7)
                    + " like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/" + (15 + random.nextInt(4)) + "."
                    + random.nextInt(7) + " Mobile/15E" + (100 + random.nextInt(200)) + " Safari/604.1";
            case 2 -> "Mozilla/5.0 (X11; Linux x86_64; rv:" + (110 + random.nextInt(25)) + ".0) Gecko/20100101 Firefox/"
                    + (110 + random.nextInt(25)) + ".0";
            default -> "Mozilla/5.0 (Linux; Android " + (10 + random.nextInt(5)) + "; SM-" + (char) ('A' + random.nextInt(8))
                    + (100 + random.nextInt(900)) + ") AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" + (110 + random.nextInt(25))
                    + ".0." + random.nextInt(7_000) + "." + random.nextInt(250) + " Mobile Safari/537.36";
        };
    }

    private String terms(int n, String separator) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : separator).append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    /** One of the ways real producers get events wrong; each must end up as a dead letter. */
    private byte[] malformed(String type, String eventId, long eventTime, String session) {
        String good = new String(event(type, eventId, eventTime, session), StandardCharsets.UTF_8);
        return switch (random.nextInt(7)) {
            case 0 -> good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8); // truncated JSON
            case 1 -> good.replace("\"session_id\"", "\"session\"").getBytes(StandardCharsets.UTF_8); // required field missing
            case 2 -> good.replace("\"event_time\":", "\"event_time\":true,\"x\":").getBytes(StandardCharsets.UTF_8); // wrong type
            case 3 -> new byte[] {(byte) 0xff, (byte) 0xfe, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n'}; // not UTF-8
            case 4 -> new byte[0]; // empty value
            case 5 -> "[1,2,3]".getBytes(StandardCharsets.UTF_8); // JSON, but not an object
            default -> good.replace("\"site\":\"", "\"site\":null,\"was\":\"").getBytes(StandardCharsets.UTF_8); // null not allowed
        };
    }
}
