package org.activityloader.run;

import static org.assertj.core.api.Assertions.assertThat;
import java.sql.SQLNonTransientConnectionException;
import org.activityloader.catalog.CatalogException;
import org.activityloader.commit.CommitConflictException;
import org.activityloader.commit.CommitOutcomeUnknownException;
import org.activityloader.commit.PublishUnfinishedException;
import org.activityloader.source.SourceException;
import org.jdbi.v3.core.result.ResultSetException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/** Exit codes tell the truth whatever wraps the cause. */
class RunOutcomeTest {
    private static final SQLNonTransientConnectionException LOST =
            new SQLNonTransientConnectionException("Connection is broken: \"java.io.EOFException: localhost:43305\"", "90067", 90067);

    @Test
    void aLostCatalogConnectionIsSixWhateverWrapsIt() {
        assertThat(RunOutcome.of(new ResultSetException("Unable to advance result set", LOST, null)))
                .isEqualTo(RunOutcome.CATALOG_UNAVAILABLE);
        assertThat(RunOutcome.of(new UnableToExecuteStatementException(LOST, null))).isEqualTo(RunOutcome.CATALOG_UNAVAILABLE);
        assertThat(RunOutcome.of(new RuntimeException("run failed", new IllegalStateException("x", new java.net.ConnectException()))))
                .isEqualTo(RunOutcome.CATALOG_UNAVAILABLE);
        assertThat(RunOutcome.of(new CommitOutcomeUnknownException("?", LOST))).isEqualTo(RunOutcome.CATALOG_UNAVAILABLE);
        assertThat(RunOutcome.of(new CatalogException("down", null))).isEqualTo(RunOutcome.CATALOG_UNAVAILABLE);
    }

    @Test
    void committedButUnpublishedIsEightAndOtherFailuresKeepTheirCodes() {
        assertThat(RunOutcome.of(new PublishUnfinishedException("r1", new UnableToExecuteStatementException(LOST, null))))
                .isEqualTo(RunOutcome.PUBLISH_UNFINISHED);
        assertThat(RunOutcome.PUBLISH_UNFINISHED.exitCode()).isEqualTo(8);
        assertThat(RunOutcome.of(new CommitConflictException("lost the lease"))).isEqualTo(RunOutcome.COMMIT_CONFLICT);
        assertThat(RunOutcome.of(new SourceException("no host", "kafka.bootstrap_servers", null))).isEqualTo(RunOutcome.BAD_CONFIG);
        assertThat(RunOutcome.of(new SourceException("broker silent"))).isEqualTo(RunOutcome.FAILED);
        assertThat(RunOutcome.of(new IllegalStateException("a bug"))).isEqualTo(RunOutcome.FAILED);
    }
}
