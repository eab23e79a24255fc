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
import java.util.Set;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.HourChangeRow;
import org.activityloader.catalog.HourFiles;
import org.activityloader.catalog.HourRow;
import org.activityloader.partition.FileNames;
import org.activityloader.partition.PartitionKey;
import org.activityloader.write.Storage;

/**
 * Part of publishing: the {@code _SUCCESS} of each hour a published run completed or amended, written
 * once the run is published and the files it replaced are out of the folder, so that a sensor that
 * sees it finds the folder as the marker says; a run that dies before has them written by the
 * recovery of the next run. Its content is JSON (as hadoop-aws's committers write it): the hour's
 * state, its records and files as of its last change (a compaction later merges the files and leaves
 * the marker alone: the data did not change), the catalog version of that change, when it was
 * completed. Each is written from the catalog as it is then, so writing one again is harmless.
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

    /**
     * Each hour's marker, then the changes it was written for marked so. An hour another run is still
     * publishing into is left to that run (its changes stay to write). Each marker is checked once
     * written: if a commit changed the hour meanwhile (another publisher may have written the older
     * content last), it is written again. A failure on one hour leaves it for the next run, not the others.
     */
    private int write(String job, Map<PartitionKey, List<HourChangeRow>> pending) {
        if (pending.isEmpty()) {
            return 0;
        }
        Set<PartitionKey> publishing = catalog.hours().withUnpublishedFiles(job, "");
        Map<PartitionKey, List<HourChangeRow>> now = new LinkedHashMap<>(pending);
        now.keySet().removeAll(publishing);
        List<HourChangeRow> written = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int round = 1; round <= 3 && !now.isEmpty(); round++) {
            Map<PartitionKey, Long> versions = writeOnce(job, now.keySet(), failed);
            now.forEach((key, changes) -> {
                if (versions.containsKey(key)) {
                    written.addAll(changes);
                }
            });
            Map<PartitionKey, Long> after = changedVersions(job, versions.keySet());
            Map<PartitionKey, List<HourChangeRow>> again = new LinkedHashMap<>();
            versions.forEach((key, v) -> {
                if (!v.equals(after.get(key)) && !publishing.contains(key)) {
                    again.put(key, List.of());
                }
            });
            now = again;
        }
        catalog.hours().markersWritten(written, clock.instant());
        if (!failed.isEmpty()) {
            throw new UncheckedIOException(new IOException("writing " + failed.size() + " _SUCCESS file(s) failed, first: " + failed.get(0)));
        }
        return pending.size() - (int) pending.keySet().stream().filter(publishing::contains).count();
    }

    /** The markers of these hours, from the catalog as it is now; returns the changed_version each was written at. */
    private Map<PartitionKey, Long> writeOnce(String job, Collection<PartitionKey> keys, List<String> failed) {
        boolean readAll = keys.size() > READ_ALL_ABOVE;
        Map<PartitionKey, HourRow> hours = new HashMap<>();
        Map<PartitionKey, HourFiles> files = new HashMap<>();
        if (readAll) {
            catalog.hours().ofJob(job).forEach(h -> hours.put(h.key(), h));
            files.putAll(catalog.hours().publishedFiles(job));
        }
        Map<PartitionKey, Long> out = new LinkedHashMap<>();
        for (PartitionKey key : keys) {
            Optional<HourRow> hour = readAll ? Optional.ofNullable(hours.get(key)) : catalog.hours().find(job, key);
            if (hour.isEmpty()) {
                failed.add(key.label() + ": a change but no state");
                continue;
            }
            HourFiles inHour = (readAll ? Optional.ofNullable(files.get(key)) : catalog.hours().publishedFilesOf(job, key))
                    .orElse(new HourFiles(key.activityType(), key.date(), key.hour(), 0, 0));
            try {
                storage.writeWhole(FileNames.successMarker(key), content(hour.get(), inHour));
                out.put(key, hour.get().changedVersion());
            } catch (IOException e) {
                failed.add(key.label() + ": " + e.getMessage());
            }
        }
        return out;
    }

    private Map<PartitionKey, Long> changedVersions(String job, Collection<PartitionKey> keys) {
        Map<PartitionKey, Long> out = new HashMap<>();
        if (keys.size() > READ_ALL_ABOVE) {
            catalog.hours().ofJob(job).forEach(h -> out.put(h.key(), h.changedVersion()));
        } else {
            keys.forEach(k -> catalog.hours().find(job, k).ifPresent(h -> out.put(k, h.changedVersion())));
        }
        return out;
    }

    /** The marker of an hour (pure; public for the audit's test that what is written passes it). */
    public static byte[] content(HourRow hour, HourFiles files) {
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
