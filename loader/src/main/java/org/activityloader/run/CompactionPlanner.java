package org.activityloader.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.config.OutputFormat;
import org.activityloader.partition.PartitionKey;

/**
 * Which files a compaction merges: in each closed hour, the live files smaller than the target that
 * share a schema, whatever their format, packed in order into groups of at most the target size; a
 * group of one is left alone unless it is in another format than the job writes now (then it is
 * rewritten in that one, so that Parquet readers see the whole hour). Files written with another
 * schema than the job's now, and those the caller keeps apart (lineage of an earlier offset epoch, or
 * without exact offset runs), are not merged. Pure.
 */
final class CompactionPlanner {
    private CompactionPlanner() {
    }

    /**
     * @param live         the job's live, published files
     * @param closedHours  the hours that may be compacted (complete or amended, and chosen)
     * @param fingerprints the schema each activity type is written with now
     * @param keepApart    paths of files not to merge with any other
     * @param format       the format the job writes now
     */
    static List<CompactionGroup> plan(List<DataFileRow> live, Set<PartitionKey> closedHours, Map<String, String> fingerprints,
                                      Set<String> keepApart, long targetBytes, OutputFormat format) {
        Map<String, List<DataFileRow>> candidates = new TreeMap<>();
        for (DataFileRow f : live) {
            PartitionKey key = new PartitionKey(f.activityType(), f.eventDate(), f.eventHour());
            if (closedHours.contains(key) && f.byteSize() < targetBytes && f.schemaFingerprint().equals(fingerprints.get(f.activityType()))
                    && !keepApart.contains(f.path())) {
                candidates.computeIfAbsent(key.directory() + "|" + f.schemaFingerprint(), k -> new ArrayList<>()).add(f);
            }
        }
        List<CompactionGroup> groups = new ArrayList<>();
        for (List<DataFileRow> files : candidates.values()) {
            files.sort(Comparator.comparing(DataFileRow::path));
            List<DataFileRow> bin = new ArrayList<>();
            long size = 0;
            for (DataFileRow f : files) {
                if (!bin.isEmpty() && size + f.byteSize() > targetBytes) {
                    addIfMerges(groups, bin, format);
                    bin = new ArrayList<>();
                    size = 0;
                }
                bin.add(f);
                size += f.byteSize();
            }
            addIfMerges(groups, bin, format);
        }
        return groups;
    }

    private static void addIfMerges(List<CompactionGroup> groups, List<DataFileRow> bin, OutputFormat format) {
        if (bin.size() >= 2 || bin.size() == 1 && bin.get(0).fileFormat() != format) {
            DataFileRow f = bin.get(0);
            groups.add(new CompactionGroup(new PartitionKey(f.activityType(), f.eventDate(), f.eventHour()), f.schemaFingerprint(), bin));
        }
    }
}
