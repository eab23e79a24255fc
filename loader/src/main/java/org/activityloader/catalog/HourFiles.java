package org.activityloader.catalog;

import java.time.LocalDate;
import org.activityloader.partition.PartitionKey;

/** The live files of one hour of an activity type, and the records they hold. */
public record HourFiles(String activityType, LocalDate eventDate, int eventHour, long files, long records) {
    public PartitionKey key() {
        return new PartitionKey(activityType, eventDate, eventHour);
    }
}
