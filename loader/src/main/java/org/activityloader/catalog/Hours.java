package org.activityloader.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.activityloader.partition.PartitionKey;
import org.apache.kafka.common.TopicPartition;

/**
 * Which hours are final: each (activity type, hour)'s state, every completion and amendment at the
 * catalog version that made it, and the source partitions' watermarks they are decided from. Changed
 * only inside a commit; the markers' bookkeeping by publishing.
 */
public final class Hours {
    private final CatalogCalls calls;

    Hours(CatalogCalls calls) {
        this.calls = calls;
    }

    /** Every hour of the job, oldest first. */
    public List<HourRow> ofJob(String job) {
        return calls.call(h -> h.attach(HourDao.class).ofJob(job));
    }

    public Optional<HourRow> find(String job, PartitionKey key) {
        return calls.call(h -> h.attach(HourDao.class).find(job, key.activityType(), key.date(), key.hour())).stream().findFirst();
    }

    public List<HourRow> open(String job) {
        return calls.call(h -> h.attach(HourDao.class).open(job));
    }

    /** The open hours, and any hour on the days given (those a commit's files fall on). */
    public List<HourRow> openOrOnDays(String job, LocalDate first, LocalDate last) {
        return calls.call(h -> h.attach(HourDao.class).openOrOnDays(job, first, last));
    }

    /** Every completion and amendment of the job, in catalog version order. */
    public List<HourChangeRow> changes(String job) {
        return calls.call(h -> h.attach(HourDao.class).changesOfJob(job));
    }

    /** Hours a commit gave data for the first time. Part of the commit. */
    public void opened(List<HourRow> hours) {
        calls.requireTransaction("opening hours");
        calls.call(h -> {
            h.attach(HourDao.class).insertOpen(hours);
            return null;
        });
    }

    /** Open hours the commit completed, and the changes that record it. Part of the commit. */
    public void completed(List<HourRow> hours, List<HourChangeRow> changes) {
        calls.requireTransaction("completing hours");
        calls.call(h -> {
            checkAll(h.attach(HourDao.class).complete(hours), "complete", "open");
            h.attach(HourDao.class).insertChanges(changes);
            return null;
        });
    }

    /** Closed hours the commit changed, and the changes that record it. Part of the commit. */
    public void amended(List<HourChangeRow> changes) {
        calls.requireTransaction("amending hours");
        calls.call(h -> {
            checkAll(h.attach(HourDao.class).amend(changes), "amend", "complete or amended");
            h.attach(HourDao.class).insertChanges(changes);
            return null;
        });
    }

    /** The hours where committed runs other than this one add or replace files and are not published yet. */
    public Set<PartitionKey> withUnpublishedFiles(String job, String runId) {
        return calls.call(h -> h.attach(HourDao.class).withUnpublishedFiles(job, runId)).stream().map(HourFiles::key)
                .collect(Collectors.toSet());
    }

    private static void checkAll(int[] counts, String change, String expected) {
        for (int c : counts) {
            if (c != 1) {
                throw new IllegalStateException("could not " + change + " an hour that was " + expected
                        + " when the commit read it: another commit changed it");
            }
        }
    }

    /** Each source partition's watermark. */
    public Map<TopicPartition, Instant> watermarks(String job) {
        Map<TopicPartition, Instant> out = new HashMap<>();
        calls.call(h -> h.attach(HourDao.class).watermarks(job)).forEach(w -> out.put(w.topicPartition(), w.watermark()));
        return out;
    }

    /** Moves watermarks forward (never back), given what the commit read before. Part of the commit. */
    public void raiseWatermarks(String job, Map<TopicPartition, Instant> raised, Map<TopicPartition, Instant> before, long version) {
        calls.requireTransaction("raising watermarks");
        calls.call(h -> {
            HourDao dao = h.attach(HourDao.class);
            raised.forEach((tp, w) -> {
                WatermarkRow row = new WatermarkRow(job, tp.topic(), tp.partition(), w, version);
                if (before.containsKey(tp)) {
                    dao.raiseWatermark(row);
                } else {
                    dao.insertWatermark(row);
                }
            });
            return null;
        });
    }

    /** The job's hour changes by published runs whose {@code _SUCCESS} is not written yet. */
    public List<HourChangeRow> markersToWrite(String job) {
        return calls.call(h -> h.attach(HourDao.class).markersToWrite(job));
    }

    /** The job's hour changes whose {@code _SUCCESS} is not written yet, whatever their run's state. */
    public List<HourChangeRow> unwrittenMarkers(String job) {
        return calls.call(h -> h.attach(HourDao.class).unwrittenMarkers(job));
    }

    /** In one batch: the {@code _SUCCESS} of these changes is written. */
    public void markersWritten(List<HourChangeRow> changes, Instant at) {
        if (!changes.isEmpty()) {
            calls.call(h -> {
                h.attach(HourDao.class).markersWritten(changes, at);
                return null;
            });
        }
    }

    /** The live files of every hour of the job that are not lost, and their records. */
    public Map<PartitionKey, HourFiles> liveFiles(String job) {
        Map<PartitionKey, HourFiles> out = new HashMap<>();
        calls.call(h -> h.attach(HourDao.class).liveFilesPerHour(job)).forEach(f -> out.put(f.key(), f));
        return out;
    }

    /** As a marker counts them: the live files of published runs in every hour of the job, not lost. */
    public Map<PartitionKey, HourFiles> publishedFiles(String job) {
        Map<PartitionKey, HourFiles> out = new HashMap<>();
        calls.call(h -> h.attach(HourDao.class).publishedFilesPerHour(job)).forEach(f -> out.put(f.key(), f));
        return out;
    }

    public Optional<HourFiles> publishedFilesOf(String job, PartitionKey key) {
        return calls.call(h -> h.attach(HourDao.class).publishedFilesOf(job, key.activityType(), key.date(), key.hour())).stream()
                .findFirst();
    }

    /** The hours with a live file found lost. */
    public Set<PartitionKey> withLostFiles(String job) {
        return calls.call(h -> h.attach(HourDao.class).hoursWithLostFiles(job)).stream().map(HourFiles::key).collect(Collectors.toSet());
    }
}
