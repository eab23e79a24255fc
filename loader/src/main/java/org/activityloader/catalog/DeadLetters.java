package org.activityloader.catalog;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * Rejected records (dead_letter), one row per offset, and which backfill resolved each (its event
 * decoded into a file after all). Added and resolved only by a commit.
 */
public final class DeadLetters {
    private final CatalogCalls calls;

    DeadLetters(CatalogCalls calls) {
        this.calls = calls;
    }

    /** Dead letters of these runs that no backfill has resolved yet. */
    public List<DeadLetterRow> unresolvedOfRuns(String job, List<String> runIds) {
        return calls.call(h -> h.attach(DeadLetterDao.class).unresolvedOfRuns(job, runIds));
    }

    /** Unresolved dead letters of the partition's offsets [from, to) in the epoch. */
    public List<DeadLetterRow> unresolvedIn(String job, TopicPartition tp, int epoch, long from, long to) {
        return calls.call(h -> h.attach(DeadLetterDao.class).unresolvedIn(job, tp.topic(), tp.partition(), epoch, from, to));
    }

    /** Every dead letter of the job's committed runs that no backfill has resolved. */
    public List<DeadLetterRow> unresolved(String job) {
        return calls.call(h -> h.attach(DeadLetterDao.class).unresolved(job));
    }

    /** Every dead letter of the job's committed runs, resolved or not. */
    public List<DeadLetterRow> committed(String job) {
        return calls.call(h -> h.attach(DeadLetterDao.class).committed(job));
    }

    /** The dead-letter files of a run (final paths). */
    public List<String> filesOfRun(String runId) {
        return calls.call(h -> h.attach(DeadLetterDao.class).filesOfRun(runId));
    }

    /** Rejected records per run and topic-partition. */
    public List<PartitionCount> recordsPerRunPartition(String job) {
        return calls.call(h -> h.attach(DeadLetterDao.class).recordsPerRunPartition(job));
    }

    /** Dead letters no backfill has resolved, per topic-partition. */
    public List<PartitionTotal> unresolvedPerPartition(String job) {
        return calls.call(h -> h.attach(DeadLetterDao.class).unresolvedPerPartition(job));
    }

    /** Rejected records of runs committed since the instant, by topic and kind of problem. */
    public List<ProblemCount> problemsSince(String job, Instant since) {
        return calls.call(h -> h.attach(DeadLetterDao.class).problemsSince(job, since));
    }

    /** The committing run's rejects. Part of the commit's transaction. */
    public void add(String job, List<DeadLetterRow> rows) {
        calls.requireTransaction("adding dead letters");
        calls.call(h -> {
            h.attach(DeadLetterDao.class).insert(job, rows);
            return null;
        });
    }

    /** The dead letter, unresolved until now, resolved by the run: false if another run resolved it. Part of the commit's transaction. */
    public boolean resolve(String job, DeadLetterRow row, String runId) {
        calls.requireTransaction("resolving a dead letter");
        return calls.call(h -> h.attach(DeadLetterDao.class).resolve(job, row.topic(), row.kafkaPartition(), row.epoch(),
                row.kafkaOffset(), runId)) == 1;
    }
}
