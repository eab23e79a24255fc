package org.activityloader.admin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.OffsetDao;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.commit.CommitConflictException;
import org.activityloader.commit.JobLease;
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
 */
public final class OffsetReset {
    /** Where the new epoch starts. */
    public enum Position { EARLIEST, LATEST }

    private final JobSpec spec;
    private final Catalog catalog;
    private final Clock clock;

    public OffsetReset(JobSpec spec, Catalog catalog, Clock clock) {
        this.spec = spec;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Returns one line per partition reset. */
    public List<String> reset(String topic, Position position, String reason) {
        if (spec.topics().stream().noneMatch(t -> t.topic().equals(topic))) {
            throw new IllegalArgumentException("job " + spec.name() + " has no topic " + topic);
        }
        String owner = "reset-" + RunIds.next(clock);
        try (JobLease lease = JobLease.acquire(catalog, spec.name(), owner, spec.leaseTimeout(), clock);
             KafkaSource kafka = new KafkaSource(spec.kafka(), clock)) {
            StoredOffsets stored = StoredOffsets.of(catalog.withDao(OffsetDao.class, d -> d.forJob(spec.name())));
            List<PartitionLog> now = kafka.logs(List.of(topic));
            return catalog.inTransaction(h -> {
                lease.confirm(h);
                OffsetDao offsets = h.attach(OffsetDao.class);
                List<String> done = new ArrayList<>();
                for (PartitionLog p : now) {
                    StoredOffset old = stored.get(p.topicPartition()).orElse(null);
                    if (old == null) {
                        continue; // never loaded: the next run starts it at the log start anyway
                    }
                    long next = position == Position.EARLIEST ? p.logStart() : p.logEnd();
                    if (offsets.reset(spec.name(), topic, p.partition(), old.nextOffset(), old.epoch(), next, p.topicId(), owner) != 1) {
                        throw new CommitConflictException("offset of " + p.topicPartition() + " changed during the reset");
                    }
                    offsets.recordReset(spec.name(), topic, p.partition(), old.epoch() + 1, old.nextOffset(), next,
                            clock.instant(), reason);
                    done.add(p.topicPartition() + ": next offset " + old.nextOffset() + " (epoch " + old.epoch()
                            + ") -> " + next + " (epoch " + (old.epoch() + 1) + ")");
                }
                return done;
            });
        }
    }
}
