package org.activityloader.audit;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.CommittedRange;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.PartitionCount;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.commit.WarehouseClaim;
import org.activityloader.config.OutputFormat;
import org.activityloader.partition.FileNames;
import org.activityloader.partition.PartitionKey;
import org.activityloader.write.FileFormats;
import org.activityloader.write.Storage;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code loader verify}: audits a job's catalog against itself and against the files.
 * <ul>
 *   <li>offset ranges tile each partition (see {@link OffsetAudit});</li>
 *   <li>each committed range's records are all accounted for by files and dead letters, and each
 *       partition's by live files and unresolved dead letters (what readers see, after backfills);</li>
 *   <li>every live file exists with its recorded size and record count (read from the file);</li>
 *   <li>no two live files of an hour hold the same offsets (see {@link HourAudit});</li>
 *   <li>no file in the final folders is unknown to the catalog;</li>
 *   <li>each closed hour's {@code _SUCCESS} says what the catalog says, and no open hour has one (see {@link MarkerAudit}).</li>
 * </ul>
 */
public final class WarehouseAudit {
    private final Catalog catalog;
    private final Storage storage;
    private final Clock clock;

    public WarehouseAudit(Catalog catalog, Storage storage) {
        this(catalog, storage, Clock.systemUTC());
    }

    public WarehouseAudit(Catalog catalog, Storage storage, Clock clock) {
        this.catalog = catalog;
        this.storage = storage;
        this.clock = clock;
    }

    public List<Finding> verify(String job) throws IOException {
        java.util.Optional<String> foreign = WarehouseClaim.foreign(catalog, storage, clock);
        if (foreign.isPresent()) {
            return List.of(new Finding("foreign_warehouse", foreign.get())); // every other finding would be about its files
        }
        List<Finding> findings = new ArrayList<>(catalogFindings(job));
        for (DataFileRow f : catalog.manifest().published(job)) {
            findings.addAll(checkFile(job, f));
        }
        findings.addAll(strayFiles());
        findings.addAll(unclaimedStaging());
        new MarkerAudit(catalog, storage, clock).problems(job).forEach(p -> findings.add(p.finding()));
        return findings;
    }

    /**
     * Staging folders no run of the catalog claims (listed before the catalog is read: a run writes its
     * row before its first staged file). Left by a process killed in a way that lost its row, or by
     * another catalog's job sharing the warehouse.
     */
    private List<Finding> unclaimedStaging() throws IOException {
        List<Finding> out = new ArrayList<>();
        for (String name : storage.listNames(FileNames.STAGING)) {
            if (catalog.runs().find(name).isEmpty()) {
                out.add(new Finding("unclaimed_staging", FileNames.stagingDir(name) + " holds " + storage.filesUnder(FileNames.stagingDir(name))
                        .size() + " file(s) of no run in this catalog; the next run (or verify --repair) removes it once it is"
                        + " untouched for longer than lease_timeout"));
            }
        }
        return out;
    }

    /**
     * What the catalog says of itself, read at one catalog version: a run that commits while verify
     * reads (a cron run beside it) would otherwise show up in one table and not yet in another. Read
     * again while commits come between, a few times at most.
     */
    private List<Finding> catalogFindings(String job) {
        for (int attempt = 1; ; attempt++) {
            long version = version(job);
            List<Finding> findings = new ArrayList<>(OffsetAudit.check(
                    catalog.lineage().committedRanges(job),
                    catalog.lineage().gaps(job),
                    catalog.offsets().of(job).all()));
            findings.addAll(recordsAccounted(job));
            for (RunRow run : catalog.runs().withStatus(job, RunState.COMMITTED)) {
                if (catalog.leases().anyHeldBy(run.runId(), clock.instant())) {
                    continue; // publishing right now, under its lease
                }
                findings.add(new Finding("unpublished", "run " + run.runId() + " is committed but its files are not"
                        + " all published yet (the next run of the job publishes them)"));
            }
            List<DataFileRow> live = catalog.manifest().live(job);
            if (!live.isEmpty()) {
                List<String> paths = live.stream().map(DataFileRow::path).toList();
                findings.addAll(HourAudit.check(live, catalog.lineage().sourcesOf(paths), catalog.deadLetters().unresolved(job)));
            }
            if (version(job) == version || attempt == 5) {
                return findings;
            }
        }
    }

    private long version(String job) {
        return catalog.versions().current(job);
    }

    private List<Finding> recordsAccounted(String job) {
        Map<String, Long> accounted = new HashMap<>();
        for (PartitionCount c : catalog.manifest().recordsPerRunPartition(job)) {
            accounted.merge(c.key(), c.records(), Long::sum);
        }
        for (PartitionCount c : catalog.deadLetters().recordsPerRunPartition(job)) {
            accounted.merge(c.key(), c.records(), Long::sum);
        }
        List<Finding> out = new ArrayList<>();
        List<CommittedRange> ranges = catalog.lineage().committedRanges(job);
        for (CommittedRange r : ranges) {
            long found = accounted.getOrDefault(new PartitionCount(r.runId(), r.topic(), r.kafkaPartition(), 0).key(), 0L);
            if (found != r.records()) {
                out.add(new Finding("records_mismatch", "run " + r.runId() + " read " + r.records() + " records from "
                        + r.topic() + "-" + r.kafkaPartition() + " but files and dead letters hold " + found));
            }
        }
        out.addAll(liveRecordsAccounted(job, ranges));
        return out;
    }

    /**
     * What readers see: per partition, the records the committed runs loaded are each in exactly one
     * live file or one unresolved dead letter, after any backfills (a replaced file's records are in
     * the backfill's files, a resolved dead letter's event too).
     */
    private List<Finding> liveRecordsAccounted(String job, List<CommittedRange> ranges) {
        Map<TopicPartition, Long> loaded = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        ranges.forEach(r -> loaded.merge(new TopicPartition(r.topic(), r.kafkaPartition()), r.records(), Long::sum));
        Map<TopicPartition, Long> inFiles = new HashMap<>();
        catalog.manifest().liveRecordsPerPartition(job).forEach(t -> inFiles.put(t.topicPartition(), t.records()));
        Map<TopicPartition, Long> rejected = new HashMap<>();
        catalog.deadLetters().unresolvedPerPartition(job).forEach(t -> rejected.put(t.topicPartition(), t.records()));
        Set<TopicPartition> all = new HashSet<>(loaded.keySet());
        all.addAll(inFiles.keySet());
        all.addAll(rejected.keySet());
        all.forEach(tp -> loaded.putIfAbsent(tp, 0L));
        List<Finding> out = new ArrayList<>();
        loaded.forEach((tp, n) -> {
            long files = inFiles.getOrDefault(tp, 0L);
            long letters = rejected.getOrDefault(tp, 0L);
            if (files + letters != n) {
                out.add(new Finding("live_records_mismatch", tp + ": the runs loaded " + n + " records, but live files hold " + files
                        + " and unresolved dead letters " + letters + " (" + Math.abs(n - files - letters)
                        + (files + letters < n ? " missing)" : " too many: held twice)")));
            }
        });
        return out;
    }

    private List<Finding> checkFile(String job, DataFileRow f) throws IOException {
        if (!storage.exists(f.path())) {
            boolean movedOutSince = catalog.manifest().withPaths(List.of(f.path())).stream()
                    .anyMatch(now -> now.movedOutAt() != null); // a backfill published meanwhile
            if (movedOutSince) {
                return List.of();
            }
            String hour = new PartitionKey(f.activityType(), f.eventDate(), f.eventHour()).hourOption();
            return List.of(new Finding(f.lostAt() != null ? "lost_file" : "missing_file", f.path() + " ("
                    + f.recordCount() + " records) is in the catalog but not in the warehouse"
                    + (f.lostAt() != null ? " (found gone at " + f.lostAt() + ")" : "")
                    + "; rebuild it from Kafka: loader backfill " + job + " --hours " + hour + " --types " + f.activityType()));
        }
        long size = storage.size(f.path());
        if (size != f.byteSize()) {
            return List.of(new Finding("size_mismatch", f.path() + " has " + size + " bytes, the catalog says " + f.byteSize()));
        }
        long records;
        try {
            records = FileFormats.countRecords(storage, f.path(), f.fileFormat());
        } catch (IOException | RuntimeException e) {
            return List.of(new Finding("unreadable_file", f.path() + " cannot be read: " + e.getMessage()));
        }
        if (records != f.recordCount()) {
            return List.of(new Finding("count_mismatch", f.path() + " holds " + records + " records, the catalog says " + f.recordCount()));
        }
        return List.of();
    }

    /** Files in the final folders (anything not under a folder starting with '_' or '.') unknown to the catalog. */
    private List<Finding> strayFiles() throws IOException {
        return StrayFiles.find(catalog, storage).stream().map(f -> new Finding(Finding.STRAY_FILE, f.path())).toList();
    }
}
