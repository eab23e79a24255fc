package org.activityloader.catalog;

import java.time.Instant;
import java.time.LocalDate;
import org.activityloader.partition.PartitionKey;

/**
 * A completion or an amendment of an hour (hour_change), at the catalog version of the commit that made it.
 *
 * @param cause           {@code completed}, {@code late} (events after completion) or {@code backfill}
 * @param markerWrittenAt when publishing wrote the hour's {@code _SUCCESS} for it; null until then
 */
public record HourChangeRow(String job, String activityType, LocalDate eventDate, int eventHour, long catalogVersion, String runId,
                            HourState state, String cause, long lateRecords, Instant changedAt, Instant markerWrittenAt) {
    public PartitionKey key() {
        return new PartitionKey(activityType, eventDate, eventHour);
    }
}
