package org.activityloader.run;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.partition.PartitionKey;
import org.activityloader.source.PartitionLog;
import org.activityloader.source.PartitionRange;
import org.apache.kafka.common.TopicPartition;

/**
 * What a backfill is planned from ({@link BackfillPlanner}), all read as of one catalog version
 * ({@link LineageReader}).
 *
 * @param version      the catalog version the inputs were read at
 * @param hours        the hours asked for
 * @param allowPartial whether hours that cannot be rebuilt whole are left out (else the run refuses them)
 * @param files        the live files of the chosen hours at that version
 * @param sources      their lineage
 * @param deadLetters  unresolved dead letters that may belong to the hours
 * @param stored       the job's stored offsets at that version: nothing past them is read
 * @param fromTimes    for hours without live files: the offset ranges Kafka's offsets for their times give, per hour
 * @param logs         each partition's log now
 */
record BackfillInputs(String job, long version, Set<PartitionKey> hours, boolean allowPartial, List<DataFileRow> files,
                      List<FileSourceRow> sources, List<DeadLetterRow> deadLetters, StoredOffsets stored,
                      Map<PartitionKey, List<PartitionRange>> fromTimes, Map<TopicPartition, PartitionLog> logs) {
    BackfillInputs {
        hours = Set.copyOf(hours);
        files = List.copyOf(files);
        sources = List.copyOf(sources);
        deadLetters = List.copyOf(deadLetters);
        fromTimes = Map.copyOf(fromTimes);
        logs = Map.copyOf(logs);
    }
}
