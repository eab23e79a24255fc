package org.activityloader.run;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.activityloader.commit.JobLease;
import org.activityloader.source.DrainListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run does while it drains: keeps its lease renewed, and shows how far it got: a bar on
 * stderr redrawn in place (records done of planned, rate, ETA) on a terminal, a plain log line
 * every few seconds otherwise (readable in cron mail), or nothing.
 */
final class DrainProgress implements DrainListener {
    private static final Logger LOG = LoggerFactory.getLogger(DrainProgress.class);
    private static final Duration LINE_EVERY = Duration.ofSeconds(5);
    private static final Duration BAR_EVERY = Duration.ofMillis(250);
    private static final int BAR_WIDTH = 30;

    private final String job;
    private final JobLease lease;
    private final Clock clock;
    private final long planned;
    private final ProgressMode mode;
    private final PrintStream terminal;
    private final Instant started;
    private Instant next;
    private long records;

    DrainProgress(String job, JobLease lease, Clock clock, long planned, ProgressMode mode, PrintStream terminal) {
        this.job = job;
        this.lease = lease;
        this.clock = clock;
        this.planned = planned;
        this.mode = mode.resolved();
        this.terminal = terminal;
        this.started = clock.instant();
        this.next = started.plus(this.mode == ProgressMode.BAR ? BAR_EVERY : LINE_EVERY);
    }

    @Override
    public void afterPoll(long recordsSoFar, long bytes) {
        lease.checkHeld();
        records = recordsSoFar;
        Instant now = clock.instant();
        if (now.isBefore(next) || mode == ProgressMode.NONE) {
            return;
        }
        if (mode == ProgressMode.BAR) {
            draw(now);
            next = now.plus(BAR_EVERY);
        } else {
            LOG.info("{}: read {} of {} records ({}%), {} MB", job, recordsSoFar, planned,
                    planned == 0 ? 100 : recordsSoFar * 100 / planned, bytes >> 20);
            next = now.plus(LINE_EVERY);
        }
    }

    /** The drain ended: the bar's last state and the line it leaves, or a last plain line. */
    void finish() {
        if (mode == ProgressMode.BAR) {
            draw(clock.instant());
            terminal.println();
            terminal.flush();
        } else if (mode == ProgressMode.LINES) {
            LOG.info("{}: read {} of {} records in {} s", job, String.format(Locale.ROOT, "%,d", records),
                    String.format(Locale.ROOT, "%,d", planned), Duration.between(started, clock.instant()).toSeconds());
        }
    }

    private void draw(Instant now) {
        terminal.print("\r" + bar(job, records, planned, Duration.between(started, now)));
        terminal.flush();
    }

    /** {@code job [=====>    ]  48%  1,234 of 2,560 records  3,120/s  ETA 0:04}. Pure, for the test. */
    static String bar(String job, long done, long planned, Duration elapsed) {
        double fraction = planned <= 0 ? 1 : Math.min(1, (double) done / planned);
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 && filled < BAR_WIDTH ? ">" : filled == BAR_WIDTH ? "=" : "")
                + " ".repeat(BAR_WIDTH - filled);
        double seconds = Math.max(elapsed.toMillis() / 1000.0, 0.001);
        double rate = done / seconds;
        String eta = done >= planned ? "0:00" : rate <= 0 ? "?" : clockTime((long) ((planned - done) / rate));
        return String.format(Locale.ROOT, "%s [%s] %3d%%  %,d of %,d records  %,.0f/s  ETA %s", job, bar,
                Math.round(fraction * 100), done, planned, rate, eta);
    }

    private static String clockTime(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
