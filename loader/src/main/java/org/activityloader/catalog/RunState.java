package org.activityloader.catalog;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a run is in the commit protocol, as load_run.status keeps it, and the only moves allowed:
 * a running run commits, fails or is aborted (by the recovery of a later run); a committed run is
 * published (roll forward, never back). Every change of the column goes through {@link #canMoveTo}:
 * {@link Runs} asks it before each move, and moves a run only from the state the move starts at.
 */
public enum RunState {
    RUNNING, COMMITTED, PUBLISHED, ABORTED, FAILED;

    private static final Map<RunState, Set<RunState>> NEXT = Map.of(
            RUNNING, EnumSet.of(COMMITTED, ABORTED, FAILED),
            COMMITTED, EnumSet.of(PUBLISHED),
            PUBLISHED, EnumSet.noneOf(RunState.class),
            ABORTED, EnumSet.noneOf(RunState.class),
            FAILED, EnumSet.noneOf(RunState.class));

    public boolean canMoveTo(RunState next) {
        return NEXT.get(this).contains(next);
    }

    /** No move leads out of it. */
    public boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }

    /** As the catalog stores it: {@code running}, {@code committed}, ... */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return value();
    }
}
