package org.activityloader.commit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.activityloader.catalog.HourChangeRow;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.HourState;
import org.activityloader.catalog.Hours;
import org.activityloader.partition.PartitionKey;
import org.activityloader.write.SealedFile;
import org.apache.kafka.common.TopicPartition;

/**
 * The hour states a commit changes, inside its transaction: an hour that gets its first file opens; a
 * closed one that gets files is amended (late events, or a backfill rewriting it); a load's
 * watermarks move forward and complete the open hours every source partition has passed, except an
 * hour another run has committed files to but not yet published (its {@code _SUCCESS} would count
 * files not in the folder yet: it completes at the next commit after). A compaction changes nothing
 * here (the same records, in other files), so its hours' {@code _SUCCESS} stay as they are: a sensor
 * that watches them must not take a compaction for a change of the data.
 */
final class HourLedger {
    private HourLedger() {
    }

    /** What changed, to log; the catalog has it already. */
    record Changes(int opened, int completed, int amended, long lateRecords) {
    }

    static Changes record(Hours hours, Commit c, long version, Instant now) {
        if (c.kind() == RunKind.COMPACTION) {
            return new Changes(0, 0, 0, 0);
        }
        Map<PartitionKey, Long> added = new TreeMap<>(Comparator.comparing(PartitionKey::directory));
        for (SealedFile f : c.added()) {
            added.merge(f.key(), f.records(), Long::sum);
        }
        if (added.isEmpty() && c.completeness().isEmpty()) {
            return new Changes(0, 0, 0, 0);
        }
        Map<PartitionKey, HourRow> known = new HashMap<>();
        List<HourRow> rows = added.isEmpty() ? hours.open(c.job()) : hours.openOrOnDays(c.job(),
                added.keySet().stream().map(PartitionKey::date).min(LocalDate::compareTo).orElseThrow(),
                added.keySet().stream().map(PartitionKey::date).max(LocalDate::compareTo).orElseThrow());
        rows.forEach(r -> known.put(r.key(), r));

        List<HourRow> opened = new ArrayList<>();
        List<HourChangeRow> amended = new ArrayList<>();
        long late = 0;
        for (Map.Entry<PartitionKey, Long> e : added.entrySet()) {
            PartitionKey key = e.getKey();
            HourRow row = known.get(key);
            if (row == null) {
                HourRow open = new HourRow(c.job(), key.activityType(), key.date(), key.hour(), HourState.OPEN, version, now, null, null,
                        version, now, 0, 0);
                opened.add(open);
                known.put(key, open);
            } else if (row.state().closed()) {
                long lateRecords = c.kind() == RunKind.LOAD ? e.getValue() : 0;
                late += lateRecords;
                amended.add(change(c, key, version, now, HourState.AMENDED, c.kind() == RunKind.LOAD ? "late" : "backfill", lateRecords));
            }
        }
        hours.opened(opened);
        if (!amended.isEmpty()) {
            hours.amended(amended);
        }
        int completed = c.completeness().map(decidedFrom -> complete(hours, c, decidedFrom, known, version, now)).orElse(0);
        return new Changes(opened.size(), completed, amended.size(), late);
    }

    /** Raises the watermarks, then completes the open hours they passed; returns how many. */
    private static int complete(Hours hours, Commit c, Completeness decidedFrom, Map<PartitionKey, HourRow> known, long version,
                                Instant now) {
        Map<TopicPartition, Instant> before = hours.watermarks(c.job());
        Map<TopicPartition, Instant> after = decidedFrom.after(before);
        Map<TopicPartition, Instant> raised = new HashMap<>();
        after.forEach((tp, w) -> {
            if (!w.equals(before.get(tp))) {
                raised.put(tp, w);
            }
        });
        hours.raiseWatermarks(c.job(), raised, before, version);
        Set<PartitionKey> unpublished = hours.withUnpublishedFiles(c.job(), c.runId());
        List<HourRow> completed = new ArrayList<>();
        List<HourChangeRow> changes = new ArrayList<>();
        for (HourRow row : known.values()) {
            if (decidedFrom.completes(row, after, unpublished)) {
                completed.add(new HourRow(row.job(), row.activityType(), row.eventDate(), row.eventHour(), HourState.COMPLETE,
                        row.openedVersion(), row.openedAt(), version, now, version, now, row.amendments(), row.lateRecords()));
                changes.add(change(c, row.key(), version, now, HourState.COMPLETE, "completed", 0));
            }
        }
        if (!completed.isEmpty()) {
            hours.completed(completed, changes);
        }
        return completed.size();
    }

    private static HourChangeRow change(Commit c, PartitionKey key, long version, Instant now, HourState state, String cause,
                                        long lateRecords) {
        return new HourChangeRow(c.job(), key.activityType(), key.date(), key.hour(), version, c.runId(), state, cause, lateRecords,
                now, null);
    }
}
