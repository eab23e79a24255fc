package org.activityloader.run;

import org.activityloader.catalog.CatalogException;
import org.activityloader.catalog.ConnectionLoss;
import org.activityloader.commit.CommitOutcomeUnknownException;
import org.activityloader.commit.PublishUnfinishedException;
import org.activityloader.commit.CommitConflictException;
import org.activityloader.commit.JobBusyException;
import org.activityloader.config.ConfigException;

/**
 * How a run ended, one kind per outcome cron, an operator or an alert must tell apart: the exit
 * code of {@code loader run} and the {@code outcome} label of the metrics.
 */
public enum RunOutcome {
    OK(0), FAILED(1), BAD_CONFIG(2), ALREADY_RUNNING(3), COMMIT_CONFLICT(5), CATALOG_UNAVAILABLE(6), TOO_MANY_REJECTS(7),
    PUBLISH_UNFINISHED(8), HEAP_EXHAUSTED(9), STOPPED(143);

    private final int exitCode;

    RunOutcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** As the metrics label it: {@code ok}, {@code already_running}, ... */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RunOutcome of(Throwable t) {
        if (t instanceof ConfigException || t instanceof BackfillRefusedException || t instanceof SchemaChangeRefusedException
                || t instanceof org.activityloader.source.SourceException s && s.configKey().isPresent()
                || t instanceof org.activityloader.source.TopicRecreatedException
                || t instanceof org.activityloader.commit.WarehouseClaimedException) { // an operator decides where to start
            return BAD_CONFIG;
        }
        if (t instanceof JobBusyException) {
            return ALREADY_RUNNING;
        }
        if (t instanceof CommitConflictException) {
            return COMMIT_CONFLICT;
        }
        if (t instanceof RejectRatioException) {
            return TOO_MANY_REJECTS;
        }
        if (t instanceof PublishUnfinishedException) { // committed: whatever failed on the way, the next run finishes it
            return PUBLISH_UNFINISHED;
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HeapExhaustedException || c instanceof OutOfMemoryError) {
                return HEAP_EXHAUSTED;
            }
        }
        if (t instanceof RunStoppedException) {
            return STOPPED;
        }
        // A lost catalog connection is this outcome whatever wraps it (Jdbi's statement exceptions, a run's own).
        if (t instanceof CatalogException || t instanceof CommitOutcomeUnknownException || ConnectionLoss.is(t)) {
            return CATALOG_UNAVAILABLE;
        }
        return FAILED;
    }
}
