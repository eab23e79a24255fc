package org.activityloader.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.activityloader.catalog.CommittedRange;
import org.activityloader.catalog.OffsetGapRow;
import org.activityloader.catalog.StoredOffset;
import org.junit.jupiter.api.Test;

class OffsetAuditTest {
    private static CommittedRange run(String run, long from, long to) {
        return new CommittedRange(run, "clicks", 0, 0, from, to, to - from, null);
    }

    private static StoredOffset next(long offset) {
        return new StoredOffset("clicks", 0, offset, 0, null);
    }

    @Test
    void contiguousRangesHaveNoFindings() {
        assertThat(OffsetAudit.check(List.of(run("b", 10, 20), run("a", 0, 10), run("c", 20, 35)),
                List.of(), List.of(next(35)))).isEmpty();
    }

    @Test
    void holeBetweenRuns() {
        List<Finding> findings = OffsetAudit.check(List.of(run("a", 0, 10), run("b", 15, 20)), List.of(), List.of(next(20)));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("hole");
            assertThat(f.detail()).contains("clicks-0 offsets [10, 15)").contains("run a").contains("run b");
        });
    }

    @Test
    void overlapBetweenRuns() {
        List<Finding> findings = OffsetAudit.check(List.of(run("a", 0, 10), run("b", 5, 20)), List.of(), List.of(next(20)));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("overlap");
            assertThat(f.detail()).contains("clicks-0 offsets [5, 10)");
        });
    }

    @Test
    void rangeInsideALargerRangeIsAnOverlapNotAHole() {
        List<Finding> findings = OffsetAudit.check(List.of(run("a", 0, 100), run("b", 20, 30), run("c", 40, 50)),
                List.of(), List.of(next(100)));
        assertThat(findings).extracting(Finding::kind).containsExactly("overlap", "overlap");
        assertThat(findings).extracting(Finding::detail).anySatisfy(d -> assertThat(d).contains("[20, 30)"))
                .anySatisfy(d -> assertThat(d).contains("[40, 50)"));
    }

    @Test
    void holeAfterANestedRangeIsStillFound() {
        List<Finding> findings = OffsetAudit.check(List.of(run("a", 0, 10), run("b", 2, 4), run("c", 12, 20)),
                List.of(), List.of(next(20)));
        assertThat(findings).extracting(Finding::kind).containsExactly("overlap", "hole");
        assertThat(findings.get(1).detail()).contains("[10, 12)");
    }

    @Test
    void storedNextOffsetMustBeTheEndOfTheLastRange() {
        List<Finding> findings = OffsetAudit.check(List.of(run("a", 0, 10), run("b", 10, 20)), List.of(), List.of(next(25)));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("offset_mismatch");
            assertThat(f.detail()).contains("next offset is 25").contains("end at 20");
        });
    }

    @Test
    void rangesWithoutStoredOffset() {
        assertThat(OffsetAudit.check(List.of(run("a", 0, 10)), List.of(), List.of()))
                .singleElement().satisfies(f -> assertThat(f.toString())
                        .isEqualTo("offset_mismatch: clicks-0 has committed ranges but no stored next offset"));
    }

    @Test
    void recordedGapFillsTheHole() {
        assertThat(OffsetAudit.check(List.of(run("a", 0, 10), run("b", 15, 20)),
                List.of(new OffsetGapRow("b", "clicks", 0, 0, 10, 15)), List.of(next(20)))).isEmpty();
    }

    @Test
    void gapAtTheStartThenRuns() {
        assertThat(OffsetAudit.check(List.of(run("a", 40, 60)),
                List.of(new OffsetGapRow("a", "clicks", 0, 0, 0, 40)), List.of(next(60)))).isEmpty();
    }

    @Test
    void partitionsAreCheckedSeparately() {
        List<CommittedRange> ranges = List.of(run("a", 0, 10),
                new CommittedRange("a", "clicks", 1, 0, 0, 5, 5, null), new CommittedRange("b", "clicks", 1, 0, 7, 9, 2, null));
        List<Finding> findings = OffsetAudit.check(ranges, List.of(),
                List.of(next(10), new StoredOffset("clicks", 1, 9, 0, null)));
        assertThat(findings).singleElement().satisfies(f -> assertThat(f.detail()).startsWith("clicks-1 offsets [5, 7)"));
    }

    @Test
    void storedOffsetOfAPartitionNeverLoadedIsFine() {
        assertThat(OffsetAudit.check(List.of(), List.of(), List.of(next(0)))).isEmpty();
    }

    @Test
    void eachEpochIsAuditedOnItsOwnAfterATopicIsRecreated() {
        // epoch 0 loaded [0, 500); the topic was recreated, offsets reset to epoch 1 from 0
        List<CommittedRange> ranges = List.of(run("a", 0, 300), run("b", 300, 500),
                new CommittedRange("c", "clicks", 0, 1, 0, 40, 40, null), new CommittedRange("d", "clicks", 0, 1, 40, 90, 50, null));
        assertThat(OffsetAudit.check(ranges, List.of(), List.of(new StoredOffset("clicks", 0, 90, 1, null)))).isEmpty();

        List<Finding> holeInNewEpoch = OffsetAudit.check(List.of(run("a", 0, 500),
                new CommittedRange("c", "clicks", 0, 1, 0, 40, 40, null), new CommittedRange("d", "clicks", 0, 1, 45, 90, 45, null)),
                List.of(), List.of(new StoredOffset("clicks", 0, 90, 1, null)));
        assertThat(holeInNewEpoch).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("hole");
            assertThat(f.detail()).contains("clicks-0 (epoch 1)").contains("[40, 45)");
        });

        List<Finding> staleStored = OffsetAudit.check(List.of(new CommittedRange("c", "clicks", 0, 1, 0, 40, 40, null)),
                List.of(), List.of(new StoredOffset("clicks", 0, 500, 0, null)));
        assertThat(staleStored).extracting(Finding::kind).containsExactly("offset_mismatch");
    }
}
