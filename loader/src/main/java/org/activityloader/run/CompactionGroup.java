package org.activityloader.run;

import java.util.List;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.partition.PartitionKey;

/** Files of one hour and schema (in one format or several) that a compaction merges into one new file. */
public record CompactionGroup(PartitionKey key, String fingerprint, List<DataFileRow> files) {
    public CompactionGroup {
        files = List.copyOf(files);
    }

    public long bytes() {
        return files.stream().mapToLong(DataFileRow::byteSize).sum();
    }

    public long records() {
        return files.stream().mapToLong(DataFileRow::recordCount).sum();
    }
}
