package org.activityloader.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.HourState;
import org.activityloader.partition.HourCompleteness;
import org.activityloader.partition.PartitionKey;

/**
 * How many of a job's hours are open, complete and amended, the oldest open one (what a sensor waiting
 * for it waits on), and the records that arrived after their hour was complete.
 *
 * @param oldestOpenStart when the oldest open hour began
 */
public record HourCounts(long open, long complete, long amended, Optional<PartitionKey> oldestOpen, Optional<Instant> oldestOpenStart,
                         long lateRecords) {
    public static final HourCounts NONE = new HourCounts(0, 0, 0, Optional.empty(), Optional.empty(), 0);

    public static HourCounts of(List<HourRow> hours, ZoneId zone) {
        long open = hours.stream().filter(h -> h.state() == HourState.OPEN).count();
        long complete = hours.stream().filter(h -> h.state() == HourState.COMPLETE).count();
        long amended = hours.stream().filter(h -> h.state() == HourState.AMENDED).count();
        HourCompleteness clock = new HourCompleteness(zone, Duration.ZERO);
        Optional<HourRow> oldest = hours.stream().filter(h -> h.state() == HourState.OPEN)
                .min(Comparator.comparing((HourRow h) -> clock.end(h.key())).thenComparing(HourRow::activityType));
        return new HourCounts(open, complete, amended, oldest.map(HourRow::key),
                oldest.map(h -> clock.end(h.key()).minus(Duration.ofHours(1))), hours.stream().mapToLong(HourRow::lateRecords).sum());
    }

    /** How long ago the oldest open hour began (0 when none is open). */
    public double oldestOpenSeconds(Instant now) {
        return oldestOpenStart.map(t -> Math.max(0, Duration.between(t, now).toMillis() / 1000.0)).orElse(0.0);
    }
}
