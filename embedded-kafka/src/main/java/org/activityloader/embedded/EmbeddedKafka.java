package org.activityloader.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker+controller) running inside this JVM,
 * built from the Kafka server jars. Used by {@code loader demo} and by integration tests so that
 * both talk to exactly the wire protocol and log semantics a production cluster has.
 *
 * <p>Each {@link #start} formats {@code logDir} with a fresh cluster id, so it expects a directory
 * that has not been formatted before. The caller owns {@code logDir}; {@link #close} leaves it in place.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = SingleNodeKraft.HOST;
    private static final long READY_TIMEOUT_MS = 30_000;
    private static final long ADMIN_TIMEOUT_MS = 30_000;

    private final KafkaRaftServer server;
    private final Admin admin;
    private final String bootstrapServers;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Admin admin, String bootstrapServers) {
        this.server = server;
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    public static EmbeddedKafka start(Path logDir) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka log dir " + logDir, e);
        }
        int[] ports = SingleNodeKraft.freePorts(2);
        int brokerPort = ports[0];
        int controllerPort = ports[1];
        String bootstrap = HOST + ":" + brokerPort;
        // Data lives in a sub-directory so server.properties sits next to it, not among partition dirs.
        Path dataDir = logDir.resolve("data");

        Properties props = SingleNodeKraft.properties(bootstrap, controllerPort, dataDir);

        Path propsFile = logDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "embedded single-node KRaft broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + propsFile, e);
        }

        SingleNodeKraft.format(propsFile);

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        Admin admin = null;
        try {
            // Blocks until the controller is up and the broker has caught up with metadata.
            server.startup();
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT_MS));
            awaitReady(admin);
        } catch (RuntimeException | Error e) {
            if (admin != null) {
                admin.close();
            }
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        LOG.info("embedded Kafka ready at {} in {} ms (log dir {})",
                bootstrap, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), logDir);
        return new EmbeddedKafka(server, admin, bootstrap);
    }


    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topics with replication 1 and waits until the controller has accepted them. */
    public void createTopics(Collection<String> topics, int partitions) {
        var newTopics = topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList();
        // Wait per topic so one already-existing topic does not hide failures of the others.
        admin.createTopics(newTopics).values().forEach((topic, future) -> {
            try {
                await(future);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                }
            }
        });
        awaitLeaders(topics, partitions);
    }

    /**
     * Until every partition answers a leader's request (the latest offset). The controller has the
     * topic when createTopics returns, but the broker may not lead its partitions yet: a producer
     * that writes then gets NOT_LEADER_OR_FOLLOWER, and an idempotent one can then be refused with
     * OutOfOrderSequence on every retry (seen on a loaded 2-core machine).
     */
    private void awaitLeaders(Collection<String> topics, int partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        topics.forEach(t -> IntStream.range(0, partitions).forEach(p -> latest.put(new TopicPartition(t, p), OffsetSpec.latest())));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (true) {
            try {
                await(admin.listOffsets(latest).all());
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions of " + topics + " have no leader after " + READY_TIMEOUT_MS + " ms", e.getCause());
                }
                sleep(50);
            }
        }
    }

    /** Moves the log start offset of one partition forward, as retention would. */
    public void deleteRecordsBefore(String topic, int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try {
            await(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(offset))).all());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot delete records of " + tp + " before " + offset, e.getCause());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close();
        server.shutdown();
        server.awaitShutdown();
    }


    /** startup() returning is not proof that clients can connect, so ask the broker itself. */
    private static void awaitReady(Admin admin) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes()
                        .get(2_500, TimeUnit.MILLISECONDS);
                if (!nodes.isEmpty()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            }
            sleep(100);
        }
        throw new IllegalStateException("Kafka did not become ready within " + READY_TIMEOUT_MS + " ms", last);
    }


    private static <T> T await(Future<T> future) throws ExecutionException {
        try {
            return future.get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka admin call", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka admin call timed out after " + ADMIN_TIMEOUT_MS + " ms", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }
}
