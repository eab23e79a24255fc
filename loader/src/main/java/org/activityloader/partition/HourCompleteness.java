package org.activityloader.partition;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Optional;

/**
 * When an hour is final: once every source partition of its activity type has a watermark at or past
 * the hour's end plus the allowed lateness. A partition's watermark is the newest event time it
 * delivered (never later than the run's start: an event from a clock running ahead does not close
 * hours for its partition) or, when the run found nothing waiting in it, the run's start: an idle
 * partition never holds an hour open. A partition without a watermark (never delivered, never caught
 * up) does. Pure.
 */
public record HourCompleteness(ZoneId zone, Duration allowedLateness) {
    /**
     * The instant the hour's events end: the start of the next hour on the local clock, so that in the
     * hour a clock change repeats, the hour's folder (which holds both) ends after the second one.
     */
    public Instant end(PartitionKey hour) {
        return LocalDateTime.of(hour.date(), LocalTime.of(hour.hour(), 0)).plusHours(1).atZone(zone).toInstant();
    }

    /** The time every watermark must reach for the hour to be complete. */
    public Instant closesAt(PartitionKey hour) {
        return end(hour).plus(allowedLateness);
    }

    /** @param watermarks one per source partition of the hour's activity type; empty for one with none yet */
    public boolean isComplete(PartitionKey hour, Collection<Optional<Instant>> watermarks) {
        if (watermarks.isEmpty()) {
            return false;
        }
        Instant closes = closesAt(hour);
        return watermarks.stream().allMatch(w -> w.isPresent() && !w.get().isBefore(closes));
    }

    /**
     * What a run tells of a partition's watermark: the run's start when it was caught up, else the newest
     * event time it delivered capped at the run's start; nothing when it delivered nothing. The stored
     * watermark moves only forward to it ({@link #later}).
     *
     * @param newestDelivered the newest event time of what the run read from it (rejects too), if it read any
     */
    public static Optional<Instant> reached(Optional<Instant> newestDelivered, boolean caughtUp, Instant runStart) {
        return caughtUp ? Optional.of(runStart) : newestDelivered.map(t -> t.isAfter(runStart) ? runStart : t);
    }

    /** The later of a stored watermark and what a run reached: watermarks never go back. */
    public static Optional<Instant> later(Optional<Instant> stored, Optional<Instant> reached) {
        if (stored.isEmpty() || reached.isEmpty()) {
            return stored.isPresent() ? stored : reached;
        }
        return stored.get().isBefore(reached.get()) ? reached : stored;
    }
}
