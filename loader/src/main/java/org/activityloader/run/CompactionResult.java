package org.activityloader.run;

import java.util.Optional;

/**
 * What a compaction did: the plan, and if it committed, its run, the files it merged and made, and
 * whether it stopped at its time budget with groups left for the next one.
 */
public record CompactionResult(CompactionPlan plan, Optional<String> runId, int filesMerged, int filesMade, long records,
                               long bytesBefore, long bytesAfter, long catalogVersion, boolean cutShort, double seconds) {
}
