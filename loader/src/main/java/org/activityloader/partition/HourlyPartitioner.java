package org.activityloader.partition;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Maps an event time to its hour partition in a fixed zone (UTC unless the job says otherwise).
 * Keys of recent hours are kept, so the hot path neither builds date-times nor allocates keys;
 * not thread-safe.
 */
public final class HourlyPartitioner {
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final int RECENT = 64;

    private final ZoneId zone;
    /** The zone's offset if it never changes (UTC, +05:30): local hours are then plain arithmetic. */
    private final Long fixedOffsetMillis;
    private final PartitionKey[] recent = new PartitionKey[RECENT];
    private final long[] recentHour = new long[RECENT];

    public HourlyPartitioner(ZoneId zone) {
        this.zone = zone;
        this.fixedOffsetMillis = zone.getRules().isFixedOffset()
                ? zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : null;
    }

    public PartitionKey keyFor(String activityType, long eventTimeMillis) {
        if (fixedOffsetMillis == null) { // offsets change (summer time): ask the zone's rules
            ZonedDateTime t = Instant.ofEpochMilli(eventTimeMillis).atZone(zone);
            return new PartitionKey(activityType, t.toLocalDate(), t.getHour());
        }
        long localHour = Math.floorDiv(eventTimeMillis + fixedOffsetMillis, HOUR_MILLIS);
        int slot = (int) Math.floorMod(localHour, (long) RECENT);
        PartitionKey key = recent[slot];
        if (key == null || recentHour[slot] != localHour || !key.activityType().equals(activityType)) {
            key = new PartitionKey(activityType, LocalDate.ofEpochDay(Math.floorDiv(localHour, 24L)),
                    (int) Math.floorMod(localHour, 24L));
            recent[slot] = key;
            recentHour[slot] = localHour;
        }
        return key;
    }
}
