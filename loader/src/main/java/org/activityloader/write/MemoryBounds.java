package org.activityloader.write;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * What the open files may hold in memory together, and what to do past it: their buffers within the
 * run's {@link WriteBudget} (the largest are written out early), the row groups in their footers
 * within a bound (the files holding the most are closed). Asked every so many records, not per record.
 */
final class MemoryBounds {
    private final WriteBudget budget;
    private final int maxRowGroupsOpen;

    MemoryBounds(WriteBudget budget, int maxRowGroupsOpen) {
        this.budget = budget;
        this.maxRowGroupsOpen = maxRowGroupsOpen;
    }

    /**
     * The files to close for the row groups their footers hold together to be within the bound: those
     * holding the most first, as few as that takes (a footer keeps each row group's metadata until its
     * file is closed).
     */
    List<OpenFile> footersOverBound(Collection<OpenFile> open) {
        int total = 0;
        for (OpenFile f : open) {
            total += f.writer.rowGroupsInFooter();
        }
        if (total <= maxRowGroupsOpen) {
            return List.of();
        }
        List<OpenFile> most = new ArrayList<>(open);
        most.sort(Comparator.comparingInt((OpenFile f) -> f.writer.rowGroupsInFooter()).reversed());
        List<OpenFile> toClose = new ArrayList<>();
        for (OpenFile f : most) {
            if (total <= maxRowGroupsOpen) {
                break;
            }
            toClose.add(f);
            total -= f.writer.rowGroupsInFooter();
        }
        return toClose;
    }

    /**
     * Past the budget, writes out the largest buffers (their row groups end early) until half of it is
     * left; returns how many were written out.
     */
    int flushOverBudget(Collection<OpenFile> open) throws IOException {
        long limit = budget.heldLimit();
        long held = 0;
        for (OpenFile f : open) {
            held += f.writer.heldBytes();
        }
        if (held <= limit) {
            return 0;
        }
        List<OpenFile> largest = new ArrayList<>(open);
        largest.sort(Comparator.comparingLong((OpenFile f) -> f.writer.heldBytes()).reversed());
        int flushed = 0;
        for (OpenFile f : largest) {
            if (held <= limit / 2) {
                break;
            }
            long before = f.writer.heldBytes();
            f.writer.flush();
            held -= before - f.writer.heldBytes();
            flushed++;
        }
        return flushed;
    }
}
