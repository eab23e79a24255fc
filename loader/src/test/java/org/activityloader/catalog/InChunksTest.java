package org.activityloader.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InChunksTest {
    @Test
    void everyValueReachesOneQueryOfAtMostAThousand() {
        List<String> values = IntStream.range(0, 2_500).mapToObj(i -> "p" + i).toList();
        List<Integer> sizes = new ArrayList<>();
        List<String> out = InChunks.query(values, chunk -> {
            sizes.add(chunk.size());
            return chunk.stream().map(String::toUpperCase).toList();
        });
        assertThat(sizes).containsExactly(1_000, 1_000, 500);
        assertThat(out).hasSize(2_500).startsWith("P0").endsWith("P2499");
        assertThat(InChunks.query(List.of(), chunk -> List.of("never asked"))).as("no query for nothing").isEmpty();
    }
}
