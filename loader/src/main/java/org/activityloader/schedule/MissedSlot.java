package org.activityloader.schedule;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** The first slot of a cron schedule after a job's last run started, if it has passed: a slot missed while no scheduler ran. */
final class MissedSlot {
    private MissedSlot() {
    }

    static Optional<Instant> since(String cron, ZoneId zone, Instant lastStarted, Instant now) throws ParseException {
        CronExpression expression = new CronExpression(cron);
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        Date next = expression.getNextValidTimeAfter(Date.from(lastStarted));
        return next != null && next.toInstant().isBefore(now) ? Optional.of(next.toInstant()) : Optional.empty();
    }
}
