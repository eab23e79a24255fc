package org.activityloader.partition;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Maps an event time to its hour partition in a fixed zone (UTC unless the job says otherwise). */
public final class HourlyPartitioner {
    private final ZoneId zone;

    public HourlyPartitioner(ZoneId zone) {
        this.zone = zone;
    }

    public PartitionKey keyFor(String activityType, long eventTimeMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(eventTimeMillis).atZone(zone);
        return new PartitionKey(activityType, t.toLocalDate(), t.getHour());
    }
}
