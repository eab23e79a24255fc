package org.activityloader.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/** How a single-node KRaft broker is set up: its settings, its ports, its formatted storage. */
public final class SingleNodeKraft {
    static final String HOST = "127.0.0.1";

    private SingleNodeKraft() {
    }

    /**
     * The settings of a single-node KRaft broker (combined broker and controller) on 127.0.0.1, for
     * {@link EmbeddedKafka} and for tests that run the same broker in a child JVM.
     */
    public static Properties properties(String bootstrap, int controllerPort, Path dataDir) {
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

    /**
     * Ports free on 127.0.0.1 right now, found by binding and releasing them. All sockets are opened before
     * any is closed, so the ports are distinct; another process could take one meanwhile, which is
     * acceptable for a demo or test broker.
     */
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

    /** Writes meta.properties and the bootstrap checkpoint (this node as the sole voter) into log.dirs. */
    static void format(Path propsFile) {
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
}
