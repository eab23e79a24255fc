package org.activityloader.schedule;

import java.time.Instant;
import org.activityloader.run.RunOutcome;

/**
 * One firing of a job on this node, as the scheduler reports it: when it started and ended, how it
 * ended, and whether its run committed (a run that found nothing to load commits nothing).
 */
public record Firing(String job, String node, Instant started, Instant ended, RunOutcome outcome, boolean committed) {
}
