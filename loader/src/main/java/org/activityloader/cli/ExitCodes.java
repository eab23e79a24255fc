package org.activityloader.cli;

import org.activityloader.catalog.CatalogException;
import org.activityloader.commit.CommitConflictException;
import org.activityloader.commit.JobBusyException;
import org.activityloader.run.RejectRatioException;
import org.activityloader.run.RunStoppedException;
import org.activityloader.config.ConfigException;
import picocli.CommandLine;

/** Exit codes, one per kind of outcome cron or an operator must tell apart. */
final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_CONFIG = 2;
    static final int ALREADY_RUNNING = 3;
    static final int VERIFY_FINDINGS = 4;
    static final int COMMIT_CONFLICT = 5;
    static final int CATALOG_UNAVAILABLE = 6;
    static final int TOO_MANY_REJECTS = 7;
    static final int STOPPED = 143;

    @Override
    public int getExitCode(Throwable t) {
        if (t instanceof ConfigException || t instanceof CommandLine.ParameterException) {
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
        if (t instanceof RunStoppedException) {
            return STOPPED;
        }
        if (t instanceof CatalogException || t instanceof org.jdbi.v3.core.ConnectionException) {
            return CATALOG_UNAVAILABLE;
        }
        return FAILED;
    }
}
