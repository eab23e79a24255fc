package org.activityloader.catalog;

import org.apache.kafka.common.TopicPartition;

/**
 * Where each job's loading continues (source_offset): the next offset per topic-partition, in its
 * epoch. Moved only inside a transaction (a commit, an offset reset), and only from the value it
 * was read at (compare-and-set).
 */
public final class Offsets {
    private final CatalogCalls calls;

    Offsets(CatalogCalls calls) {
        this.calls = calls;
    }

    public StoredOffsets of(String job) {
        return StoredOffsets.of(calls.call(h -> h.attach(OffsetDao.class).forJob(job)));
    }

    /**
     * First load of a partition; false if another run stored its first offset meanwhile (the primary
     * key refuses the second: the transaction is then to be rolled back). Part of a commit.
     */
    public boolean insert(String job, TopicPartition tp, long next, String topicId, String runId) {
        calls.requireTransaction("the first offset of " + tp);
        return calls.call(h -> UniqueInsert.inserted(() ->
                h.attach(OffsetDao.class).insert(job, tp.topic(), tp.partition(), next, topicId, runId)));
    }

    /** From {@code expected} to {@code next}; false if the offset no longer was {@code expected} (another run moved it). */
    public boolean advance(String job, TopicPartition tp, long expected, long next, String topicId, String runId) {
        calls.requireTransaction("advancing the offset of " + tp);
        return calls.call(h -> h.attach(OffsetDao.class).advance(job, tp.topic(), tp.partition(), expected, next, topicId, runId)) == 1;
    }

    /**
     * A new epoch starting at {@code next}, from the offset and epoch read (topic recreated, or an
     * operator's decision); false if either moved meanwhile.
     */
    public boolean reset(String job, TopicPartition tp, long expected, int epoch, long next, String topicId, String owner) {
        calls.requireTransaction("resetting the offset of " + tp);
        return calls.call(h -> h.attach(OffsetDao.class).reset(job, tp.topic(), tp.partition(), expected, epoch, next, topicId, owner)) == 1;
    }

    /** Who reset what and why, beside the reset. */
    public void recordReset(OffsetResetRow row) {
        calls.requireTransaction("recording an offset reset");
        calls.call(h -> {
            h.attach(OffsetDao.class).recordReset(row);
            return null;
        });
    }
}
