package org.activityloader.config;

/** What a run does when Kafka deleted offsets (retention) before they were loaded. */
public enum GapPolicy {
    /** Record the gap in offset_gap, warn in the summary and in status, load from the log start. */
    SKIP,
    /** Stop before loading anything: an operator decides. */
    FAIL
}
