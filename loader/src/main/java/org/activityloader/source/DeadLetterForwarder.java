package org.activityloader.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.config.KafkaSpec;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a published run's dead letters to a Kafka topic as well ({@code dead_letters.topic}), as
 * Kafka Connect's users expect of a dead-letter queue: each record's original bytes as the value,
 * where it came from and why in headers ({@code loader.reason}, {@code loader.topic},
 * {@code loader.partition}, {@code loader.offset}, {@code loader.timestamp}, {@code loader.run}).
 * Read from the run's published dead-letter files, so memory does not grow with the rejects. A
 * copy, sent once: the files and the catalog stay the record; a topic that cannot be written, a run
 * stopped or out of time while sending, is a warning, and no later run sends what was not sent.
 */
public final class DeadLetterForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterForwarder.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaSpec spec;
    private final Storage storage;

    public DeadLetterForwarder(KafkaSpec spec, Storage storage) {
        this.spec = spec;
        this.storage = storage;
    }

    /**
     * @param stop a stop request (SIGTERM): sending ends there, with a warning
     * @return the warning when they could not all be sent; empty when they were, or the job sends none
     */
    public List<String> forward(String runId, List<DeadLetterRow> deadLetters, BooleanSupplier stop) {
        if (spec.deadLetterTopic().isEmpty() || deadLetters.isEmpty()) {
            return List.of();
        }
        String topic = spec.deadLetterTopic().get();
        // All of it within a bound: the run is committed and holds the job's lease meanwhile.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(60_000, 4 * spec.requestTimeout().toMillis()));
        Set<String> files = new LinkedHashSet<>();
        deadLetters.forEach(d -> files.add(d.filePath()));
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        try {
            Optional<String> missing = missingTopic(topic);
            if (missing.isPresent()) {
                return List.of(warning(topic, 0, deadLetters.size(), missing.get()));
            }
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ClientSettings.deadLetterProducer(spec), new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (String file : files) {
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                            storage.fileSystem().open(storage.resolve(file)), StandardCharsets.UTF_8))) {
                        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                            if (stop.getAsBoolean() || System.nanoTime() > deadline) {
                                producer.flush();
                                return List.of(warning(topic, sent(pending, deadline), deadLetters.size(),
                                        stop.getAsBoolean() ? "stopped by a signal" : "out of time"));
                            }
                            pending.add(producer.send(record(topic, runId, JSON.readTree(line))));
                        }
                    }
                }
                producer.flush();
                long sent = sent(pending, deadline);
                return sent == deadLetters.size() ? List.of() : List.of(warning(topic, sent, deadLetters.size(),
                        (deadLetters.size() - sent) + " not acknowledged"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(warning(topic, 0, deadLetters.size(), "interrupted"));
        } catch (Exception e) {
            return List.of(warning(topic, 0, deadLetters.size(), e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /**
     * Why the topic cannot be sent to, if it does not exist: asked of the admin API, because a
     * producer's metadata request would have a broker with {@code auto.create.topics.enable} create it.
     */
    private Optional<String> missingTopic(String topic) throws InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(ClientSettings.admin(spec))) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(spec.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(e.getCause() instanceof UnknownTopicOrPartitionException
                    ? "the topic does not exist; the loader does not create it" : e.getCause().getClass().getSimpleName() + ": "
                    + e.getCause().getMessage());
        }
    }

    /** How many of the sends were acknowledged, waiting for them until the deadline. */
    private static long sent(List<Future<RecordMetadata>> pending, long deadline) throws InterruptedException {
        long ok = 0;
        for (Future<RecordMetadata> f : pending) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                ok++;
            } catch (ExecutionException | TimeoutException failed) {
                // counted as not sent
            }
        }
        return ok;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String runId, JsonNode line) {
        RecordHeaders headers = new RecordHeaders();
        for (String field : List.of("reason", "topic", "partition", "offset", "timestamp")) {
            headers.add("loader." + field, line.path(field).asText().getBytes(StandardCharsets.UTF_8));
        }
        headers.add("loader.run", runId.getBytes(StandardCharsets.UTF_8));
        byte[] value = line.hasNonNull("value_base64") ? Base64.getDecoder().decode(line.get("value_base64").asText())
                : line.hasNonNull("value") ? line.get("value").asText().getBytes(StandardCharsets.UTF_8) : null;
        return new ProducerRecord<>(topic, null, null, null, value, headers);
    }

    private static String warning(String topic, long sent, int all, String why) {
        String warning = sent + " of the run's " + all + " dead letters were sent to " + topic + " (" + why + "); they are all"
                + " in its dead-letter files and in the catalog (the dead_letters report); no later run sends them";
        LOG.warn("{}", warning);
        return warning;
    }
}
