package org.activityloader.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.write.FileMerger;
import org.activityloader.write.OffsetRuns;
import org.activityloader.write.SourceSpan;
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

    /** A file to merge, with the lineage its records keep. */
    FileMerger.Input input(DataFileRow f) {
        List<SourceSpan> spans = sources.getOrDefault(f.path(), List.of()).stream()
                .map(s -> new SourceSpan(s.topic(), s.kafkaPartition(), s.firstOffset(), s.lastOffset(), s.records(),
                        Optional.ofNullable(s.offsetRuns()).map(OffsetRuns::decode)))
                .toList();
        return new FileMerger.Input(f.path(), f.fileFormat(), f.recordCount(), f.minEventTime().toEpochMilli(),
                f.maxEventTime().toEpochMilli(), spans);
    }
}
