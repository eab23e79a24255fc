package org.activityloader.admin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.OffsetResetRow;
import org.activityloader.catalog.Offsets;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.commit.CommitConflictException;
import org.activityloader.commit.JobLease;
import org.activityloader.source.Shard;
import org.activityloader.config.JobSpec;
import org.activityloader.run.RunIds;
import org.activityloader.source.KafkaSource;
import org.activityloader.source.PartitionLog;

/**
 * {@code loader reset-offsets}: the deliberate way out after a topic was deleted and recreated
 * (its offsets started again from 0, so runs refuse to guess). Each partition of the topic starts
 * a new offset epoch at the log start (or the log end, to skip what is there), in one catalog
 * transaction that also records who reset what and why; files already loaded stay live.
 * Holds the job's lease, so it never races a run.
 *
 * <p>A topic that was not recreated (Kafka's topic id is the one the offsets were loaded from)
 * is refused: starting it again loads every record a second time. {@code force} does it anyway
 * (an operator who means it), recorded as forced; {@code verify} then reports the offsets loaded twice.
 */
public final class OffsetReset {
    /** Where the new epoch starts. */
    public enum Position { EARLIEST, LATEST }

    /** What the operator asked for: where to start, why, and whether a topic that was not recreated may be reset. */
    public record Request(String topic, Position position, String reason, boolean force) {
    }

    private final JobSpec spec;
    private final Catalog catalog;
    private final Clock clock;

    public OffsetReset(JobSpec spec, Catalog catalog, Clock clock) {
        this.spec = spec;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Returns one line per partition reset. */
    public List<String> reset(Request request) {
        String topic = request.topic();
        if (spec.topics().stream().noneMatch(t -> t.topic().equals(topic))) {
            throw new IllegalArgumentException("job " + spec.name() + " has no topic " + topic);
        }
        String owner = "reset-" + RunIds.next(clock);
        try (JobLease lease = JobLease.acquireLoad(catalog, spec.name(), Shard.WHOLE, owner, spec.leaseTimeout(), clock);
             KafkaSource kafka = new KafkaSource(spec.kafka(), clock)) {
            StoredOffsets stored = catalog.offsets().of(spec.name());
            List<PartitionLog> now = kafka.logs(List.of(topic));
            List<String> notRecreated = notRecreated(stored, now);
            if (!notRecreated.isEmpty() && !request.force()) {
                throw new ResetRefusedException("topic " + topic + " was not recreated: Kafka's topic id is the one its offsets were"
                        + " loaded from (" + String.join(", ", notRecreated.subList(0, Math.min(3, notRecreated.size())))
                        + (notRecreated.size() > 3 ? " and " + (notRecreated.size() - 3) + " more" : "") + "). Starting it again "
                        + (request.position() == Position.EARLIEST ? "loads every record it holds a second time"
                        : "skips the records not loaded yet") + "; nothing was changed. Only a deleted and recreated topic needs"
                        + " reset-offsets; to do it anyway, add --force with a --reason");
            }
            return catalog.inTransaction(tx -> {
                lease.confirm(tx);
                Offsets offsets = tx.offsets();
                List<String> done = new ArrayList<>();
                for (PartitionLog p : now) {
                    StoredOffset old = stored.get(p.topicPartition()).orElse(null);
                    if (old == null) {
                        continue; // never loaded: the next run starts it at the log start anyway
                    }
                    long next = request.position() == Position.EARLIEST ? p.logStart() : p.logEnd();
                    if (!offsets.reset(spec.name(), p.topicPartition(), old.nextOffset(), old.epoch(), next, p.topicId(), owner)) {
                        throw new CommitConflictException("offset of " + p.topicPartition() + " changed during the reset");
                    }
                    boolean sameTopic = p.topicId().equals(old.topicId());
                    offsets.recordReset(new OffsetResetRow(spec.name(), topic, p.partition(), old.epoch() + 1, old.nextOffset(), next,
                            clock.instant(), request.reason(), old.topicId(), p.topicId(), sameTopic));
                    done.add(p.topicPartition() + ": next offset " + old.nextOffset() + " (epoch " + old.epoch()
                            + ") -> " + next + " (epoch " + (old.epoch() + 1) + ")"
                            + (sameTopic && next < old.nextOffset() ? "; forced on the same topic: offsets [" + next + ", "
                            + old.nextOffset() + ") will be loaded a second time" : ""));
                }
                return done;
            });
        }
    }

    /** "topic-partition (id)" of each loaded partition whose topic id Kafka still has. */
    private static List<String> notRecreated(StoredOffsets stored, List<PartitionLog> now) {
        List<String> same = new ArrayList<>();
        for (PartitionLog p : now) {
            stored.get(p.topicPartition()).map(StoredOffset::topicId).filter(id -> id.equals(p.topicId()))
                    .ifPresent(id -> same.add(p.topicPartition() + " " + id));
        }
        return same;
    }
}
