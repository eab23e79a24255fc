package org.activityloader.commit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.HourChangeRow;
import org.activityloader.catalog.HourFiles;
import org.activityloader.catalog.HourRow;
import org.activityloader.partition.FileNames;
import org.activityloader.partition.PartitionKey;
import org.activityloader.write.Storage;

/**
 * Part of publishing: the {@code _SUCCESS} of each hour a published run completed or amended, written once the run is published and the files it replaced are out of the folder, so
 * that a sensor that sees it finds the folder as the marker says. A run that dies before has them
 * written by the recovery of the next run. Its content is JSON (as hadoop-aws's committers write it):
 * the hour's state, its records and files as of its last change (a compaction later merges the files
 * and leaves the marker alone: the data did not change), the catalog version of that change, when it
 * was completed.
 * Each is written from the catalog as it is then, so writing one again is harmless.
 */
public final class HourMarkers {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Above this many hours to write, the job's hours and files are read in two queries rather than two per hour. */
    private static final int READ_ALL_ABOVE = 20;

    private final Catalog catalog;
    private final Storage storage;
    private final Clock clock;

    public HourMarkers(Catalog catalog, Storage storage, Clock clock) {
        this.catalog = catalog;
        this.storage = storage;
        this.clock = clock;
    }

    /** Writes the markers the job's published runs have left to write; returns how many. */
    int writePending(String job) {
        Map<PartitionKey, List<HourChangeRow>> pending = new LinkedHashMap<>();
        catalog.hours().markersToWrite(job).forEach(c -> pending.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c));
        return write(job, pending);
    }

    /** Writes the markers of these hours again from the catalog ({@code verify --repair}, for one deleted or changed by hand). */
    public int rewrite(String job, Collection<PartitionKey> hours) {
        Map<PartitionKey, List<HourChangeRow>> none = new LinkedHashMap<>();
        hours.forEach(k -> none.put(k, List.of()));
        return write(job, none);
    }

    /** Each hour's marker, then the changes it was written for marked so. */
    private int write(String job, Map<PartitionKey, List<HourChangeRow>> pending) {
        if (pending.isEmpty()) {
            return 0;
        }
        boolean readAll = pending.size() > READ_ALL_ABOVE;
        Map<PartitionKey, HourRow> hours = new HashMap<>();
        Map<PartitionKey, HourFiles> files = new HashMap<>();
        if (readAll) {
            catalog.hours().ofJob(job).forEach(h -> hours.put(h.key(), h));
            files.putAll(catalog.hours().liveFiles(job));
        }
        List<HourChangeRow> written = new ArrayList<>();
        for (Map.Entry<PartitionKey, List<HourChangeRow>> e : pending.entrySet()) {
            PartitionKey key = e.getKey();
            HourRow hour = (readAll ? Optional.ofNullable(hours.get(key)) : catalog.hours().find(job, key)).orElseThrow(
                    () -> new IllegalStateException("hour " + key.label() + " of job " + job + " has a change but no state"));
            HourFiles inHour = (readAll ? Optional.ofNullable(files.get(key)) : catalog.hours().liveFilesOf(job, key))
                    .orElse(new HourFiles(key.activityType(), key.date(), key.hour(), 0, 0));
            try {
                storage.writeWhole(FileNames.successMarker(key), content(hour, inHour));
            } catch (IOException ex) {
                catalog.hours().markersWritten(written, clock.instant());
                throw new UncheckedIOException("writing the _SUCCESS of " + key.label() + " failed: " + ex.getMessage(), ex);
            }
            written.addAll(e.getValue());
        }
        catalog.hours().markersWritten(written, clock.instant());
        return pending.size();
    }

    static byte[] content(HourRow hour, HourFiles files) {
        ObjectNode n = JSON.createObjectNode();
        n.put("job", hour.job());
        n.put("activity_type", hour.activityType());
        n.put("date", hour.eventDate().toString());
        n.put("hour", hour.eventHour());
        n.put("state", hour.state().value());
        n.put("records", files.records());
        n.put("files", files.files());
        n.put("catalog_version", hour.changedVersion());
        n.put("completed_version", hour.completedVersion());
        n.put("completed_at", hour.completedAt() == null ? null : hour.completedAt().toString());
        n.put("amendments", hour.amendments());
        n.put("late_records", hour.lateRecords());
        n.put("changed_at", hour.changedAt().toString());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
