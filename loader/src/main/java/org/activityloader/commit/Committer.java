package org.activityloader.commit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.CatalogTransaction;
import org.activityloader.catalog.ConnectionLoss;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.FileManifest;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.catalog.FileState;
import org.activityloader.catalog.Offsets;
import org.activityloader.catalog.RunState;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.fault.FaultPoint;
import org.activityloader.fault.Faults;
import org.activityloader.write.OffsetRuns;
import org.activityloader.write.SealedFile;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 6 of the commit protocol, the single commit point, for every kind of run: ONE catalog
 * transaction that
 * <ol type="a">
 *   <li>confirms the run's lease (the job's for a load; a backfill holds a lease of its own hours);</li>
 *   <li>marks each file the commit replaces as replaced, each of which must still be live;</li>
 *   <li>inserts the new files, their lineage (file_source), the run's ranges, gaps and dead letters, marks the
 *   dead letters it resolved (each must still be unresolved), and records a backfill;</li>
 *   <li>advances each offset only if it still has the value the plan read; opens, completes and amends the hours the
 *   commit changes ({@link HourLedger});</li>
 *   <li>gives the job its next catalog version and moves the run from running to committed.</li>
 * </ol>
 * Any check failing rolls everything back and the run fails loudly ({@link CommitConflictException}).
 * When the catalog reports an error, the run's state says what happened: committed (the reply was
 * lost: go on and publish), still running (nothing happened: fail the run), or unknown (the catalog
 * is gone: keep staging, the next run's recovery decides).
 */
public final class Committer {
    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

    private final Catalog catalog;
    private final RunLifecycle runs;
    private final Clock clock;
    private final Faults faults;

    public Committer(Catalog catalog, RunLifecycle runs, Clock clock, Faults faults) {
        this.catalog = catalog;
        this.runs = runs;
        this.clock = clock;
        this.faults = faults;
    }

    /**
     * Commits, or throws with nothing of the commit in the catalog. Returns the job's new catalog version.
     * When the connection is lost on the way, the run's {@link CommitOutcome} says whether the transaction
     * landed (go on), did not (the run still running: it is made again, on a new connection, up to
     * {@value #ATTEMPTS} times), or nobody can tell ({@link CommitOutcomeUnknownException}).
     */
    public long commit(JobLease lease, Commit commit) {
        catalog.versions().prepare(commit.job());
        for (int attempt = 1; ; attempt++) {
            try {
                long version = catalog.inTransaction(tx -> inTransaction(tx, lease, commit));
                faults.at(FaultPoint.COMMIT_REPLY_LOST);
                return version;
            } catch (RuntimeException e) {
                CommitOutcome outcome = runs.outcomeOf(commit.runId());
                if (outcome instanceof CommitOutcome.Landed landed) {
                    LOG.warn("the catalog reported an error but run {} did commit; publishing it", commit.runId());
                    return landed.version();
                }
                if (outcome instanceof CommitOutcome.Unknown) { // the catalog stays away: keep staging, the next run's recovery decides
                    throw new CommitOutcomeUnknownException("the catalog was lost during the commit of run " + commit.runId()
                            + " and cannot be asked whether it landed: " + Catalog.rootMessage(e) + "; the next run's recovery"
                            + " publishes it if it did, or aborts it", e);
                }
                if (outcome instanceof CommitOutcome.NotLanded n && n.runState() == RunState.RUNNING && ConnectionLoss.is(e)
                        && attempt < ATTEMPTS) {
                    LOG.warn("run {}: the catalog connection was lost during the commit, which did not land; committing again",
                            commit.runId());
                    continue;
                }
                runs.fail(commit.runId(), e);
                throw e;
            }
        }
    }

    private static final int ATTEMPTS = 3;

    /** Offsets read in one epoch are not those of the next: a reset (a recreated topic) during the run refuses its commit. */
    private static void checkEpochs(Offsets offsets, Commit c) {
        StoredOffsets now = offsets.of(c.job());
        c.epochs().forEach((tp, epoch) -> {
            if (now.epoch(tp) != epoch) {
                throw new CommitConflictException("the offsets of " + tp + " were reset (epoch " + epoch + " to " + now.epoch(tp)
                        + ") while run " + c.runId() + " read them; nothing of it is committed");
            }
        });
    }

    private static int epochOf(Commit c, TopicPartition tp) {
        Integer epoch = c.epochs().get(tp);
        if (epoch == null) {
            throw new IllegalStateException("run " + c.runId() + " wrote records of " + tp + " without saying their offset epoch");
        }
        return epoch;
    }

    private long inTransaction(CatalogTransaction tx, JobLease lease, Commit c) {
        String job = c.job();
        lease.confirm(tx);                                                     // (a)
        long version = tx.versions().next(job);
        Instant now = clock.instant();
        FileManifest files = tx.manifest();
        for (String path : c.replaced()) {                                     // (b)
            if (!files.replace(path, c.runId(), version, now)) {
                throw new CommitConflictException("file " + path + " is no longer live (another run replaced it);"
                        + " nothing of run " + c.runId() + " is committed");
            }
        }
        files.add(c.added().stream().map(f -> fileRow(job, c.runId(), version, f)).toList());   // (c)
        checkEpochs(tx.offsets(), c);
        tx.lineage().addSources(c.added().stream().flatMap(f -> f.sources().stream().map(s ->
                new FileSourceRow(f.finalPath(), s.topic(), s.partition(), s.firstOffset(), s.lastOffset(), s.records(),
                        epochOf(c, new TopicPartition(s.topic(), s.partition())), s.runs().map(OffsetRuns::encode).orElse(null))))
                .toList());
        tx.lineage().addRanges(job, c.ranges());
        tx.lineage().addGaps(job, c.gaps());
        tx.deadLetters().add(job, c.deadLetters());
        for (DeadLetterRow d : c.resolved()) {
            if (!tx.deadLetters().resolve(job, d, c.runId())) {
                throw new CommitConflictException("dead letter " + d.topic() + "-" + d.kafkaPartition() + "@" + d.kafkaOffset()
                        + " was resolved by another run; nothing of run " + c.runId() + " is committed");
            }
        }
        c.backfill().ifPresent(b -> tx.backfills().record(b));
        HourLedger.Changes hours = HourLedger.record(tx.hours(), c, version, now);
        if (hours.completed() + hours.amended() > 0) {
            LOG.info("run {} completes {} hour(s) and amends {} ({} late records)", c.runId(), hours.completed(), hours.amended(),
                    hours.lateRecords());
        }
        advance(tx.offsets(), job, c.runId(), c.advances());                  // (d)
        faults.at(FaultPoint.INSIDE_COMMIT);
        if (!tx.runs().markCommitted(c.runId(), now, version, c.counts())) {   // (e)
            throw new CommitConflictException("run " + c.runId() + " was aborted by another run's recovery; its commit is refused");
        }
        return version;
    }

    private static void advance(Offsets offsets, String job, String runId, List<OffsetAdvance> advances) {
        for (OffsetAdvance a : advances) {
            if (!a.moves()) {
                continue;
            }
            if (a.expected().isEmpty()) {
                if (!offsets.insert(job, a.partition(), a.next(), a.topicId(), runId)) {
                    throw new CommitConflictException("offset of " + a.partition() + " is no longer unset: another run of job " + job
                            + " loaded it first; nothing of run " + runId + " is committed");
                }
            } else if (!offsets.advance(job, a.partition(), a.expected().getAsLong(), a.next(), a.topicId(), runId)) {
                throw new CommitConflictException("offset of " + a.partition() + " is no longer " + a.expected().getAsLong()
                        + ": another run of job " + job + " loaded it; nothing of run " + runId + " is committed");
            }
        }
    }

    private static DataFileRow fileRow(String job, String runId, long version, SealedFile f) {
        return new DataFileRow(f.finalPath(), f.stagedPath(), runId, job, f.key().activityType(), f.key().date(),
                f.key().hour(), f.format(), f.records(), f.bytes(), Instant.ofEpochMilli(f.minEventTime()),
                Instant.ofEpochMilli(f.maxEventTime()), f.schemaFingerprint(), FileState.LIVE, version, null, null, null, null, null);
    }
}
