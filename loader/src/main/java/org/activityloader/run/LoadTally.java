package org.activityloader.run;

import org.activityloader.run.KafkaDrain.Drained;

/** What a load counted while it wrote: what its drain read, and what became of the records. */
record LoadTally(Drained drained, RecordCounts records) {
}
