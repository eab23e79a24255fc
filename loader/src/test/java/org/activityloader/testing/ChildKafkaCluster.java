package org.activityloader.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.activityloader.embedded.SingleNodeKraft;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of real brokers in child JVMs, each a combined broker and controller of one
 * KRaft quorum (static voters), for tests that kill the leader of the partitions a run reads.
 * Topics have replication factor 3 and {@code min.insync.replicas} 2, as production clusters do;
 * the internal topics too. Node {@code i} (from 1) is {@link #node(int)}.
 */
public final class ChildKafkaCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final List<ChildKafka> nodes;
    private final String bootstrap;
    private final Admin admin;

    private ChildKafkaCluster(List<ChildKafka> nodes) {
        this.nodes = List.copyOf(nodes);
        this.bootstrap = nodes.stream().map(ChildKafka::bootstrapServers).collect(Collectors.joining(","));
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    /** Formats and starts {@code size} nodes together (a quorum needs a majority to elect its leader); returns when all serve. */
    public static ChildKafkaCluster start(Path dir, int size) {
        int[] ports = SingleNodeKraft.freePorts(2 * size);
        String voters = IntStream.range(0, size).mapToObj(i -> (i + 1) + "@" + HOST + ":" + ports[2 * i + 1])
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<ChildKafka> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                String bootstrap = HOST + ":" + ports[2 * i];
                Path nodeDir = dir.resolve("node-" + (i + 1));
                nodes.add(ChildKafka.node(nodeDir, properties(i + 1, bootstrap, ports[2 * i + 1], voters, nodeDir, size),
                        bootstrap, List.of("-t", clusterId)));
            }
            CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::launchUntilReady))
                    .toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            nodes.forEach(ChildKafka::close);
            throw new IllegalStateException("the " + size + "-node Kafka cluster did not start: " + e.getMessage(), e);
        }
        return new ChildKafkaCluster(nodes);
    }

    private static Properties properties(int id, String bootstrap, int controllerPort, String voters, Path dir, int size) {
        Properties p = SingleNodeKraft.properties(bootstrap, controllerPort, dir.resolve("data"));
        p.put("node.id", String.valueOf(id));
        p.remove("controller.quorum.bootstrap.servers");
        p.put("controller.quorum.voters", voters);
        String replicas = String.valueOf(Math.min(3, size));
        String minIsr = String.valueOf(Math.min(2, size));
        for (String rf : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "share.coordinator.state.topic.replication.factor", "default.replication.factor")) {
            p.put(rf, replicas);
        }
        for (String isr : List.of("offsets.topic.min.insync.replicas", "transaction.state.log.min.isr",
                "share.coordinator.state.topic.min.isr", "min.insync.replicas")) {
            p.put(isr, minIsr);
        }
        // A killed leader is fenced and its partitions move within a few seconds.
        p.put("broker.session.timeout.ms", "3000");
        p.put("unclean.leader.election.enable", "false");
        return p;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** Node {@code id}, from 1. */
    public ChildKafka node(int id) {
        return nodes.get(id - 1);
    }

    /** Creates the topics with replication factor 3 (at most the cluster's size) and waits until every partition has a leader. */
    public void createTopics(Collection<String> topics, int partitions) throws Exception {
        short replicas = (short) Math.min(3, nodes.size());
        admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, replicas)).toList()).all().get(60, TimeUnit.SECONDS);
        Await.await(() -> admin.describeTopics(topics).allTopicNames().get().values().stream()
                .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && p.isr().size() == replicas)),
                Duration.ofSeconds(60), "every partition of " + topics + " led, all replicas in sync");
    }

    /** The node that leads the partition now. */
    public ChildKafka leaderOf(TopicPartition tp) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(tp.topic())).allTopicNames().get().get(tp.topic());
        TopicPartitionInfo info = d.partitions().get(tp.partition());
        return node(Optional.ofNullable(info.leader()).orElseThrow(() -> new IllegalStateException(tp + " has no leader")).id());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
        nodes.forEach(ChildKafka::close);
    }
}
