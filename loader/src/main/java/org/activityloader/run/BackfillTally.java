package org.activityloader.run;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.partition.PartitionKey;
import org.apache.kafka.common.TopicPartition;

/**
 * What a backfill's reading again found ({@link BackfillRouter}), for its verdict
 * ({@link BackfillVerdict}) and its commit.
 *
 * @param read          records read again
 * @param kept          records written to the new files
 * @param stillRejected dead letters that still fail to decode (they stay dead letters)
 * @param keptPerHour   records written to each hour's new files
 * @param keptLoaded    per partition, records kept that were loaded before (not dead letters)
 * @param resolved      dead letters that decode now, and are in the new files
 * @param newRejects    "topic-partition@offset: reason" of records that decoded before and fail now
 * @param movedOut      "topic-partition@offset" of records of the replaced files, by the hour not chosen they fall in now
 *                      (in the hours' order)
 * @param movedIn       "topic-partition@offset" of records of other hours' files that fall in a chosen hour now
 */
record BackfillTally(long read, long kept, long stillRejected, Map<PartitionKey, Long> keptPerHour,
                     Map<TopicPartition, Long> keptLoaded, List<DeadLetterRow> resolved, List<String> newRejects,
                     Map<PartitionKey, List<String>> movedOut, List<String> movedIn) {
    BackfillTally {
        keptPerHour = Map.copyOf(keptPerHour);
        keptLoaded = Map.copyOf(keptLoaded);
        resolved = List.copyOf(resolved);
        newRejects = List.copyOf(newRejects);
        movedIn = List.copyOf(movedIn);
        SortedMap<PartitionKey, List<String>> byHour = new TreeMap<>(Comparator.comparing(PartitionKey::directory));
        movedOut.forEach((hour, records) -> byHour.put(hour, List.copyOf(records)));
        movedOut = Collections.unmodifiableSortedMap(byHour);
    }
}
