package org.activityloader.commit;

import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;

/**
 * What became of a run's commit, as the catalog tells when asked after the commit reported an
 * error: it landed (only the reply was lost), it did not, or nobody can tell.
 */
public sealed interface CommitOutcome {
    /** As load_run.status says it, or {@code unknown}. */
    String state();

    /** The commit is in the catalog (the run is committed, or published since) and made this catalog version. */
    record Landed(RunState runState, long version) implements CommitOutcome {
        @Override
        public String state() {
            return runState.value();
        }
    }

    /** Nothing of the commit is in the catalog: the run is still running, or was ended another way. */
    record NotLanded(RunState runState) implements CommitOutcome {
        @Override
        public String state() {
            return runState.value();
        }
    }

    /** The catalog cannot be asked, or has no row of the run: the next run's recovery decides. */
    record Unknown() implements CommitOutcome {
        @Override
        public String state() {
            return "unknown";
        }
    }

    static CommitOutcome of(RunRow run) {
        boolean landed = run.status() == RunState.COMMITTED || run.status() == RunState.PUBLISHED;
        return landed ? new Landed(run.status(), run.catalogVersion()) : new NotLanded(run.status());
    }
}
