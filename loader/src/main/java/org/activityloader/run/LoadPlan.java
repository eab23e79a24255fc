package org.activityloader.run;

import org.activityloader.catalog.StoredOffsets;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.source.DrainPlan;

/**
 * Step 3's result: what one load will read (per partition {@code [stored next offset, end offset
 * now)}, capped by the job's limits), the stored offsets it was planned from (the commit advances
 * each only from these), and the job's schemas.
 */
record LoadPlan(String runId, DrainPlan drain, StoredOffsets stored, ActivitySchemas schemas) {
}
