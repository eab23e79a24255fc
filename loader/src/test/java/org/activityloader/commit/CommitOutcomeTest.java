package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.junit.jupiter.api.Test;

/** What a run's row says of its commit, asked after the commit reported an error. */
class CommitOutcomeTest {
    @Test
    void aCommittedOrPublishedRunLandedItsCommitAtItsVersion() {
        assertThat(CommitOutcome.of(row(RunState.COMMITTED, 7L))).isEqualTo(new CommitOutcome.Landed(RunState.COMMITTED, 7));
        assertThat(CommitOutcome.of(row(RunState.PUBLISHED, 7L))).isEqualTo(new CommitOutcome.Landed(RunState.PUBLISHED, 7));
    }

    @Test
    void aRunStillRunningOrEndedOtherwiseDidNot() {
        for (RunState s : new RunState[] {RunState.RUNNING, RunState.FAILED, RunState.ABORTED}) {
            CommitOutcome outcome = CommitOutcome.of(row(s, null));
            assertThat(outcome).isEqualTo(new CommitOutcome.NotLanded(s));
            assertThat(outcome.state()).isEqualTo(s.value());
        }
    }

    @Test
    void anUnknownOutcomeSaysSo() {
        assertThat(new CommitOutcome.Unknown().state()).isEqualTo("unknown");
    }

    private static RunRow row(RunState state, Long version) {
        return new RunRow("r1", "job", "load", state, Instant.EPOCH, null, null, 0, 0, 0, 0, 0, 0, 0, null, version);
    }
}
