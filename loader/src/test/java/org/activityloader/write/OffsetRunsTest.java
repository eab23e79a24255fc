package org.activityloader.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OffsetRunsTest {
    @Test
    void offsetsBecomeRunsThatSayExactlyWhichOffsetsAreIn() {
        OffsetRuns runs = build(100, 101, 102, 105, 106, 200);
        assertThat(runs.runs()).isEqualTo(3);
        assertThat(runs).hasToString("[[100, 103), [105, 107), [200, 201)]");
        assertThat(runs.encode()).isEqualTo("100+3,2+2,93+1");
        assertThat(OffsetRuns.decode(runs.encode())).isEqualTo(runs);
        assertThat(OffsetRuns.decode("")).isEqualTo(OffsetRuns.NONE);
    }

    @Test
    void containsAndUnionAgreeWithASetOfOffsets() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            TreeSet<Long> a = randomOffsets(random);
            TreeSet<Long> b = randomOffsets(random);
            OffsetRuns ra = build(a.stream().mapToLong(Long::longValue).toArray());
            OffsetRuns rb = build(b.stream().mapToLong(Long::longValue).toArray());
            OffsetRuns union = ra.union(rb);
            for (long o = 0; o < 320; o++) {
                assertThat(ra.contains(o)).as("offset " + o).isEqualTo(a.contains(o));
                assertThat(union.contains(o)).as("union, offset " + o).isEqualTo(a.contains(o) || b.contains(o));
            }
            assertThat(OffsetRuns.decode(union.encode())).isEqualTo(union);
        }
    }

    @Test
    void tooManyRunsOrOffsetsOutOfOrderAreNotKept() {
        OffsetRuns.Builder many = new OffsetRuns.Builder();
        for (long o = 0; o <= 2L * OffsetRuns.MAX_RUNS; o += 2) {
            many.add(o);
        }
        assertThat(many.build()).isEmpty();
        OffsetRuns.Builder backwards = new OffsetRuns.Builder();
        backwards.add(10);
        backwards.add(5);
        assertThat(backwards.build()).isEmpty();
    }

    private static TreeSet<Long> randomOffsets(Random random) {
        TreeSet<Long> out = new TreeSet<>();
        for (int i = 0; i < random.nextInt(120); i++) {
            out.add((long) random.nextInt(300));
        }
        return out;
    }

    private static OffsetRuns build(long... offsets) {
        OffsetRuns.Builder b = new OffsetRuns.Builder();
        for (long o : offsets) {
            b.add(o);
        }
        return b.build().orElseThrow();
    }
}
