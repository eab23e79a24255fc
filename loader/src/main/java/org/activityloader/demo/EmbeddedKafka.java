package org.activityloader.demo;

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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
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
    private static final String HOST = "127.0.0.1";
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
        int[] ports = freePorts(2);
        int brokerPort = ports[0];
        int controllerPort = ports[1];
        String bootstrap = HOST + ":" + brokerPort;
        // Data lives in a sub-directory so server.properties sits next to it, not among partition dirs.
        Path dataDir = logDir.resolve("data");

        Properties props = brokerProperties(bootstrap, controllerPort, dataDir);

        Path propsFile = logDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "embedded single-node KRaft broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + propsFile, e);
        }

        format(propsFile);

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

    /**
     * The settings of a single-node KRaft broker (combined broker and controller) on 127.0.0.1, for
     * this class and for tests that run the same broker in a child JVM.
     */
    public static Properties brokerProperties(String bootstrap, int controllerPort, Path dataDir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("listeners", "PLAINTEXT://" + bootstrap + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + bootstrap);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        // Dynamic quorum (KIP-853): with --standalone the format step records this node as the only voter.
        props.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        props.put("log.dirs", dataDir.toAbsolutePath().toString());
        // One broker: internal topics cannot have more replicas than that.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.min.insync.replicas", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Few internal partitions: creating the default 50 makes the first group join take seconds.
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "4");
        // Topics are created explicitly, so a typo in a job file fails instead of silently creating one.
        props.put("auto.create.topics.enable", "false");
        // Nothing is deleted by age: tests produce records stamped in the past, as a site's producer
        // stamps late events, and retention is what tests set up themselves (deleteRecordsBefore).
        props.put("log.retention.ms", "-1");
        // Room for the 5 MB messages some tests produce (plus batch overhead).
        props.put("message.max.bytes", String.valueOf(10 * 1024 * 1024));
        props.put("replica.fetch.max.bytes", String.valueOf(10 * 1024 * 1024));
        // The cleaner's default 128 MB dedupe buffer is a big slice of a 1 GB test heap; compaction
        // of the tiny offsets topic needs far less.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        // Quick unfencing at start (heartbeats every 0.5 s, not 2 s). The session outlives a long GC
        // pause or a starved 2-core machine: a fenced broker leaves its partitions without a leader and
        // producers time out (a broker in a child JVM that tests kill sets it shorter, to restart soon).
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "10000");
        return props;
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

    /** Writes meta.properties and the bootstrap checkpoint (this node as the sole voter) into log.dirs. */
    private static void format(Path propsFile) {
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", propsFile.toString(), "--standalone"}, out);
        } catch (RuntimeException e) {
            // Formatter failures (e.g. an already formatted dir) surface as exceptions, not exit codes.
            throw new IllegalStateException("formatting Kafka storage failed: " + e.getMessage()
                    + System.lineSeparator() + buffer.toString(StandardCharsets.UTF_8), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("formatting Kafka storage failed with exit code " + exitCode
                    + ": " + buffer.toString(StandardCharsets.UTF_8));
        }
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

    /**
     * Opens all sockets before closing any so the ports are distinct; there is a small window in which
     * another process could take one, which is acceptable for a demo/test broker.
     */
    /** Ports free on 127.0.0.1 right now (found by binding and releasing them). */
    public static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 50, InetAddress.getByName(HOST));
                sockets[i].setReuseAddress(true);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on " + HOST, e);
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // the port is released either way
                    }
                }
            }
        }
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
