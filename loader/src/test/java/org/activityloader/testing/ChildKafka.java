package org.activityloader.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.SingleNodeKraft;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Kafka broker (KRaft, combined broker+controller) in a CHILD JVM, for tests that kill it:
 * {@link #kill()} is a SIGKILL, {@link #restart()} starts it again on the same log dir and the same
 * ports. Alone ({@link #start}) it has the settings of {@code EmbeddedKafka}; as a node of a
 * {@link ChildKafkaCluster}, the cluster's. The class path is the tests' own. The child's output goes
 * to {@code <logDir>/broker-<n>.log}.
 */
public final class ChildKafka implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final long READY_TIMEOUT_MS = 60_000;
    private static final long ADMIN_TIMEOUT_MS = 30_000;

    private final Path logDir;
    private final Path propsFile;
    private final String bootstrap;
    private final List<String> formatArgs;
    private final Thread reaper;
    private Process process;
    private Admin admin;
    private int starts;

    private ChildKafka(Path logDir, Path propsFile, String bootstrap, List<String> formatArgs) {
        this.logDir = logDir;
        this.propsFile = propsFile;
        this.bootstrap = bootstrap;
        this.formatArgs = List.copyOf(formatArgs);
        // A test JVM that dies must not leave a broker behind.
        this.reaper = new Thread(this::destroyNow, "child-kafka-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Formats {@code logDir} (which must not be formatted yet) and starts the broker; returns when it serves clients. */
    public static ChildKafka start(Path logDir) {
        int[] ports = SingleNodeKraft.freePorts(2);
        String bootstrap = HOST + ":" + ports[0];
        Properties props = SingleNodeKraft.properties(bootstrap, ports[1], logDir.resolve("data"));
        // Killed with SIGKILL and started again: the controller refuses the new registration until the
        // old session has timed out.
        props.put("broker.session.timeout.ms", "1500");
        ChildKafka kafka = node(logDir, props, bootstrap, List.of("-t", Uuid.randomUuid().toString(), "--standalone"));
        try {
            kafka.launchUntilReady();
        } catch (RuntimeException | Error e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /**
     * A broker with these settings, its storage formatted with {@code formatArgs} (the cluster id and
     * how the quorum is set up), not started yet: {@link ChildKafkaCluster} starts its nodes together,
     * as a quorum needs.
     */
    static ChildKafka node(Path logDir, Properties props, String bootstrap, List<String> formatArgs) {
        Path propsFile = logDir.resolve("server.properties");
        try {
            Files.createDirectories(logDir);
            try (OutputStream out = Files.newOutputStream(propsFile)) {
                props.store(out, "child-JVM KRaft broker for tests");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + propsFile, e);
        }
        ChildKafka kafka = new ChildKafka(logDir, propsFile, bootstrap, formatArgs);
        try {
            kafka.format();
        } catch (RuntimeException | Error e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** The child's process id (for messages). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, as a crashed machine or the OOM killer would: no clean shutdown. Returns when the process is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Kafka child " + process.pid() + " did not die after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing Kafka", e);
        }
    }

    /**
     * Starts the broker again on the same log dir and ports. After a kill -9 the controller refuses
     * the new registration until the old broker session times out, and the ports may still be in
     * use for a moment, so this retries (a new child each time one exits) until clients are served.
     */
    public synchronized void restart() {
        kill();
        launchUntilReady();
    }

    /** Creates the topics with replication 1 and waits until every partition has a leader. */
    public void createTopics(Collection<String> topics, int partitions) {
        var futures = admin().createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList()).values();
        futures.forEach((topic, future) -> {
            try {
                future.get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating " + topic, e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("creating topic " + topic + " timed out", e);
            }
        });
        awaitQuietly(() -> allLeadersElected(Set.copyOf(topics)) ? Optional.of(true) : Optional.empty(),
                Duration.ofMillis(ADMIN_TIMEOUT_MS), "a leader for each partition of " + topics);
    }

    /** An admin client on this broker (it reconnects by itself after a restart). */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT_MS,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
        destroyNow();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void destroyNow() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void format() {
        Path log = logDir.resolve("format.log");
        List<String> args = new ArrayList<>(List.of("format", "-c", propsFile.toString()));
        args.addAll(formatArgs);
        Process p = java(log, "kafka.tools.StorageTool", args.toArray(String[]::new));
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("formatting Kafka storage failed with exit code " + p.exitValue()
                        + ": " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a child and waits for it; a child that exits (e.g. a refused registration, a busy port) is started again. */
    synchronized void launchUntilReady() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        List<String> exits = new ArrayList<>();
        while (true) {
            starts++;
            process = java(logDir.resolve("broker-" + starts + ".log"), "kafka.Kafka", propsFile.toString());
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            boolean ready;
            try {
                ready = awaitQuietly(() -> ready() ? Optional.of(true) : process.isAlive() ? Optional.empty() : Optional.of(false),
                        left, "the Kafka child serving clients, or exiting");
            } catch (IllegalStateException notInTime) {
                destroyNow();
                throw new IllegalStateException("Kafka child did not become ready within " + READY_TIMEOUT_MS
                        + " ms (earlier exits: " + exits + "); see " + logDir.resolve("broker-" + starts + ".log"), notInTime);
            }
            if (ready) {
                return;
            }
            exits.add("start " + starts + " exited " + process.exitValue());
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("Kafka child kept exiting: " + exits + "; see the broker-*.log files in " + logDir);
            }
            Await.pause(Duration.ofMillis(500)); // the old session's ports and registration, let go
        }
    }

    /** Ready: the broker is registered (describeCluster names a node) and every existing partition has a leader. */
    private boolean ready() {
        try {
            var nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(1_000)).nodes()
                    .get(1_500, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                return false;
            }
            Set<String> topics = admin().listTopics(new ListTopicsOptions().timeoutMs(1_000)).names()
                    .get(1_500, TimeUnit.MILLISECONDS);
            return topics.isEmpty() || allLeadersElected(topics);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private boolean allLeadersElected(Set<String> topics) {
        try {
            Map<String, TopicDescription> described = admin().describeTopics(topics, new DescribeTopicsOptions().timeoutMs(1_000))
                    .allTopicNames().get(1_500, TimeUnit.MILLISECONDS);
            for (TopicDescription d : described.values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.leader() == null || p.leader().isEmpty()) {
                        return false;
                    }
                }
            }
            return described.keySet().containsAll(topics);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private static Process java(Path log, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass + " in a child JVM", e);
        }
    }

    /** {@link Await#await}, its failure an IllegalStateException as every other failure of this broker. */
    private static <T> T awaitQuietly(Await.Probe<T> probe, Duration patience, String what) {
        try {
            return Await.await(probe, patience, what);
        } catch (AssertionError e) {
            throw new IllegalStateException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        } catch (Exception e) {
            throw new IllegalStateException("waiting for " + what + " failed", e);
        }
    }
}
