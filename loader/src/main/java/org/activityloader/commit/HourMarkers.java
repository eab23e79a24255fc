package org.activityloader.commit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.HourChangeRow;
import org.activityloader.catalog.HourFiles;
import org.activityloader.catalog.HourRow;
import org.activityloader.partition.FileNames;
import org.activityloader.write.Storage;

/**
 * Part of publishing: the {@code _SUCCESS} of each hour a run completed or amended, written once the
 * run's files are in their folders and before the run is marked published, so that a run that dies in
 * between has it written by the recovery that finishes its publishing. Its content is JSON (as
 * hadoop-aws's committers write it): the hour's state, records and files, the catalog version of its
 * last change, when it was completed. Each is written from the catalog as it is then, so writing
 * one again is harmless.
 */
final class HourMarkers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Catalog catalog;
    private final Storage storage;
    private final Clock clock;

    HourMarkers(Catalog catalog, Storage storage, Clock clock) {
        this.catalog = catalog;
        this.storage = storage;
        this.clock = clock;
    }

    void write(String runId) {
        List<HourChangeRow> changes = catalog.hours().markersToWrite(runId);
        for (HourChangeRow change : changes) {
            HourRow hour = catalog.hours().find(change.job(), change.key()).orElseThrow(() -> new IllegalStateException(
                    "hour " + change.key().label() + " of job " + change.job() + " has a change but no state"));
            HourFiles files = catalog.hours().liveFilesOf(change.job(), change.key())
                    .orElse(new HourFiles(hour.activityType(), hour.eventDate(), hour.eventHour(), 0, 0));
            try {
                storage.writeWhole(FileNames.successMarker(change.key()), content(hour, files));
            } catch (IOException e) {
                throw new UncheckedIOException("writing the _SUCCESS of " + change.key().label() + " failed: " + e.getMessage(), e);
            }
            catalog.hours().markerWritten(change, clock.instant());
        }
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
