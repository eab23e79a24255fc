package org.activityloader.write;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Exactly which offsets of one topic-partition a file holds: runs of consecutive offsets
 * {@code [from, to)}, in order. A file of one hour usually holds one run per partition; late events
 * of other hours, rejects and transaction markers cut it into more. Kept with the file's lineage so
 * that a backfill knows, for every record it reads again, whether it was in the files it replaces,
 * and {@code verify} that no offset is in two live files. Written as text ({@code gap+length} pairs,
 * each gap from the previous run's end: {@code "100+50,3+20"} is [100, 150) and [153, 173)). Immutable; pure.
 */
public final class OffsetRuns {
    /** More runs than this in one file and partition are not kept (the lineage then says "unknown"). */
    public static final int MAX_RUNS = 20_000;
    public static final OffsetRuns NONE = new OffsetRuns(new long[0]);

    private final long[] bounds; // from0, to0, from1, to1, ... increasing, runs never touching

    private OffsetRuns(long[] bounds) {
        this.bounds = bounds;
    }

    public int runs() {
        return bounds.length / 2;
    }

    public long from(int run) {
        return bounds[2 * run];
    }

    public long to(int run) {
        return bounds[2 * run + 1];
    }

    /** Whether the offset is in one of the runs (binary search). */
    public boolean contains(long offset) {
        int lo = 0;
        int hi = runs() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (offset < from(mid)) {
                hi = mid - 1;
            } else if (offset >= to(mid)) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** The offsets of both, as one (runs that touch or overlap are joined). */
    public OffsetRuns union(OffsetRuns other) {
        long[][] all = new long[runs() + other.runs()][];
        for (int i = 0; i < runs(); i++) {
            all[i] = new long[] {from(i), to(i)};
        }
        for (int i = 0; i < other.runs(); i++) {
            all[runs() + i] = new long[] {other.from(i), other.to(i)};
        }
        Arrays.sort(all, Comparator.comparingLong(r -> r[0]));
        long[] out = new long[2 * all.length];
        int size = 0;
        for (long[] r : all) {
            if (size > 0 && r[0] <= out[size - 1]) {
                out[size - 1] = Math.max(out[size - 1], r[1]);
            } else {
                out[size++] = r[0];
                out[size++] = r[1];
            }
        }
        return new OffsetRuns(Arrays.copyOf(out, size));
    }

    public String encode() {
        StringBuilder sb = new StringBuilder();
        long end = 0;
        for (int i = 0; i < runs(); i++) {
            sb.append(i > 0 ? "," : "").append(from(i) - end).append('+').append(to(i) - from(i));
            end = to(i);
        }
        return sb.toString();
    }

    public static OffsetRuns decode(String text) {
        if (text.isEmpty()) {
            return NONE;
        }
        String[] pairs = text.split(",");
        long[] bounds = new long[2 * pairs.length];
        long end = 0;
        for (int i = 0; i < pairs.length; i++) {
            int plus = pairs[i].indexOf('+');
            bounds[2 * i] = end + Long.parseLong(pairs[i], 0, plus, 10);
            bounds[2 * i + 1] = end = bounds[2 * i] + Long.parseLong(pairs[i], plus + 1, pairs[i].length(), 10);
        }
        return new OffsetRuns(bounds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffsetRuns r && Arrays.equals(bounds, r.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < runs(); i++) {
            sb.append(i > 0 ? ", " : "").append('[').append(from(i)).append(", ").append(to(i)).append(')');
        }
        return sb.append(']').toString();
    }

    /** Collects offsets given in increasing order into runs; gives up (no runs) past {@link #MAX_RUNS} or out of order. */
    public static final class Builder {
        private long[] bounds = new long[4];
        private int size;
        private boolean tooMany;

        public void add(long offset) {
            if (tooMany) {
                return;
            }
            if (size > 0 && offset == bounds[size - 1]) {
                bounds[size - 1] = offset + 1;
                return;
            }
            if (size > 0 && offset < bounds[size - 1] || size / 2 == MAX_RUNS) {
                // Out of order (never from a drain, which reads a partition in order) or too many: not known exactly.
                tooMany = true;
                return;
            }
            if (size + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            bounds[size++] = offset;
            bounds[size++] = offset + 1;
        }

        /** The runs, or empty when there were too many to keep. */
        public Optional<OffsetRuns> build() {
            return tooMany ? Optional.empty() : Optional.of(new OffsetRuns(Arrays.copyOf(bounds, size)));
        }
    }
}
