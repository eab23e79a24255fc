package org.activityloader.run;

import java.time.Instant;
import java.util.List;
import org.activityloader.commit.JobLease;

/**
 * A run once it holds its lease and recovery is done: its id, when it started, its lease, what
 * recovery repaired, and where its time goes, stage by stage.
 */
record Started(String runId, Instant at, JobLease lease, List<String> recovered, StageTimes stages) {
    Started {
        recovered = List.copyOf(recovered);
    }
}
