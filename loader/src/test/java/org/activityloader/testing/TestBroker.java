package org.activityloader.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.activityloader.embedded.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real broker ({@link EmbeddedKafka}) for all the tests of a class: started before the class's
 * {@code @BeforeAll} methods, closed after its {@code @AfterAll} ones, its log folder removed.
 * Register it as {@code @RegisterExtension static final TestBroker kafka = new TestBroker();}. Tests
 * that need a topic of their own create one, or {@link #recreateTopic recreate} a shared one; tests
 * that kill their broker use {@link ChildKafka} instead.
 */
public final class TestBroker implements BeforeAllCallback, AfterAllCallback {
    private static final Duration ADMIN_PATIENCE = Duration.ofSeconds(30);

    private Path logDir;
    private EmbeddedKafka broker;
    private Admin admin;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        logDir = Files.createTempDirectory("test-broker-");
        broker = EmbeddedKafka.start(logDir.resolve("kafka"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
                admin = null;
            }
            if (broker != null) {
                broker.close();
                broker = null;
            }
        } finally {
            deleteRecursively(logDir);
        }
    }

    public String bootstrapServers() {
        return running().bootstrapServers();
    }

    /** Creates the topics with replication 1 (a topic that exists already is left as it is). */
    public void createTopics(Collection<String> topics, int partitions) {
        running().createTopics(topics, partitions);
    }

    /** Moves the log start offset of one partition forward, as retention would. */
    public void deleteRecordsBefore(String topic, int partition, long offset) {
        running().deleteRecordsBefore(topic, partition, offset);
    }

    /**
     * Deletes the topic, waits until it is gone, creates it again (a new topic id, empty partitions)
     * and waits until the broker serves every partition with a leader: as an operator recreating it
     * would leave it, and as a test starts with a topic of its own on a shared broker.
     */
    public void recreateTopic(String topic, int partitions) throws Exception {
        try {
            admin().deleteTopics(List.of(topic)).all().get(ADMIN_PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
        Await.await(() -> !admin().listTopics().names().get(ADMIN_PATIENCE.toSeconds(), TimeUnit.SECONDS).contains(topic),
                ADMIN_PATIENCE, "topic " + topic + " deleted");
        createTopics(List.of(topic), partitions); // returns once every partition's leader serves it
    }

    /** An admin client on this broker, closed with it. */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_PATIENCE.toMillis()));
        }
        return admin;
    }

    private EmbeddedKafka running() {
        return Optional.ofNullable(broker).orElseThrow(() -> new IllegalStateException(
                "the broker runs from before the class's @BeforeAll methods to after its @AfterAll ones: register it as a static field"));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
