package org.activityloader.run;

import java.util.Locale;
import java.util.Optional;

/**
 * What a compaction did: the plan, and if it committed, its run, the files it merged and made, and
 * whether it stopped at its time budget with groups left for the next one.
 */
public record CompactionResult(CompactionPlan plan, Optional<String> runId, int filesMerged, int filesMade, long records,
                               long bytesBefore, long bytesAfter, long catalogVersion, boolean cutShort, double seconds) {
    /** One line for people: what it merged, or that there was nothing to. */
    public String describe(String job) {
        return runId.map(id -> String.format(Locale.ROOT, "compaction %s of job %s: merged %d file(s) into %d (%,d records, %.1f MB ->"
                + " %.1f MB) at catalog version %d in %.1f s%s", id, job, filesMerged, filesMade, records, bytesBefore / 1e6,
                bytesAfter / 1e6, catalogVersion, seconds, cutShort ? "; its time budget left groups for the next compaction" : ""))
                .orElse("nothing to compact");
    }
}
