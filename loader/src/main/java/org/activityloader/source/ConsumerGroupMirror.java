package org.activityloader.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.activityloader.config.KafkaSpec;
import org.activityloader.catalog.StoredOffset;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a job's loaded offsets into a consumer group after a load has published
 * ({@code kafka.commit_group}), so that {@code kafka-consumer-groups}, Burrow and lag exporters see
 * the loader's lag like any consumer's. A copy only: the catalog stays the source of truth, the group
 * is never read back, and a copy that fails is a warning, never a failed run (the next load copies
 * again).
 */
public final class ConsumerGroupMirror {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroupMirror.class);

    private final KafkaSpec spec;

    public ConsumerGroupMirror(KafkaSpec spec) {
        this.spec = spec;
    }

    /**
     * @param offsets the job's offsets in the catalog; those of topics it no longer binds are left out
     * @param note    the commit's metadata, e.g. the run and catalog version that loaded them
     * @param owner   whether the run still holds the job's lease: one that lost it (stopped for longer than
     *                the lease) must not write its offsets over those of the run that took it
     * @return the warning when the copy failed; empty when it was made or the job has no group
     */
    public List<String> mirror(List<StoredOffset> offsets, Set<String> topics, String note, BooleanSupplier owner) {
        if (spec.commitGroup().isEmpty()) {
            return List.of();
        }
        String group = spec.commitGroup().get();
        Map<TopicPartition, OffsetAndMetadata> copy = new HashMap<>();
        for (StoredOffset o : offsets) {
            if (topics.contains(o.topicPartition().topic())) {
                copy.put(o.topicPartition(), new OffsetAndMetadata(o.nextOffset(), note));
            }
        }
        if (copy.isEmpty()) {
            return List.of();
        }
        try (Admin admin = Admin.create(ClientSettings.admin(spec))) {
            if (!owner.getAsBoolean()) {
                return List.of(warning(group, "the run no longer holds the job's lease; the run that took it copies its own"));
            }
            admin.alterConsumerGroupOffsets(group, copy).all().get(spec.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("copied {} offsets into consumer group {}", copy.size(), group);
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(warning(group, "interrupted"));
        } catch (ExecutionException | TimeoutException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return List.of(warning(group, cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        }
    }

    private static String warning(String group, String why) {
        String warning = "the loaded offsets were not copied into consumer group " + group + " (" + why + "): Kafka's tools show"
                + " the lag of the previous copy until a load copies again; the catalog, which loading goes by, is"
                + " unaffected (kafka.commit_group names the group, none turns the copy off)";
        LOG.warn("{}", warning);
        return warning;
    }
}
