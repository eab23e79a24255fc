package org.activityloader.catalog;

import java.time.Instant;
import java.time.LocalDate;
import org.activityloader.partition.PartitionKey;

/**
 * One hour of an activity type (hour_state), with when each change happened and at which catalog version.
 *
 * @param amendments  how many commits changed it after it was complete
 * @param lateRecords records that arrived after it was complete
 */
public record HourRow(String job, String activityType, LocalDate eventDate, int eventHour, HourState state, long openedVersion,
                      Instant openedAt, Long completedVersion, Instant completedAt, long changedVersion, Instant changedAt,
                      int amendments, long lateRecords) {
    public PartitionKey key() {
        return new PartitionKey(activityType, eventDate, eventHour);
    }
}
