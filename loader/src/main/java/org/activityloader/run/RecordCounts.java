package org.activityloader.run;

import java.util.Map;

/** What a run did with the records it read: written to files, rejected to dead letters (by kind), and the fields it ignored. */
record RecordCounts(long read, long written, long rejected, long unknownFields, Map<String, Long> rejectedByKind) {
    RecordCounts {
        rejectedByKind = Map.copyOf(rejectedByKind);
    }
}
