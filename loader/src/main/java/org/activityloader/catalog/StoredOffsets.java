package org.activityloader.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/** A job's rows of source_offset, by topic-partition: where loading continues, in which epoch. */
public record StoredOffsets(Map<TopicPartition, StoredOffset> byPartition) {
    public StoredOffsets {
        byPartition = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byPartition));
    }

    public static StoredOffsets of(List<StoredOffset> rows) {
        Map<TopicPartition, StoredOffset> map = new LinkedHashMap<>();
        rows.forEach(r -> map.put(r.topicPartition(), r));
        return new StoredOffsets(map);
    }

    public Optional<StoredOffset> get(TopicPartition partition) {
        return Optional.ofNullable(byPartition.get(partition));
    }

    /** The partition's current offset epoch; 0 for a partition never loaded. */
    public int epoch(TopicPartition partition) {
        return get(partition).map(StoredOffset::epoch).orElse(0);
    }

    public List<StoredOffset> all() {
        return List.copyOf(byPartition.values());
    }
}
