package org.activityloader.run;

import java.util.List;
import java.util.Map;
import org.activityloader.catalog.FileSourceRow;
import org.apache.kafka.common.TopicPartition;

/** Step 3's result for a compaction: the groups of files to merge, each file's lineage, and the epochs that lineage is of. */
public record CompactionPlan(List<CompactionGroup> groups, Map<String, List<FileSourceRow>> sources, Map<TopicPartition, Integer> epochs) {
    public CompactionPlan {
        groups = List.copyOf(groups);
        sources = Map.copyOf(sources);
        epochs = Map.copyOf(epochs);
    }

    public int files() {
        return groups.stream().mapToInt(g -> g.files().size()).sum();
    }

    public long bytes() {
        return groups.stream().mapToLong(CompactionGroup::bytes).sum();
    }

    public long records() {
        return groups.stream().mapToLong(CompactionGroup::records).sum();
    }
}
