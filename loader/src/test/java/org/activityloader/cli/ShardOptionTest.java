package org.activityloader.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.activityloader.config.JobSpec;
import org.activityloader.source.Shard;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.junit.jupiter.api.Test;

class ShardOptionTest {
    private static final JobSpec THREE = TestJobs.job("activity", "localhost:9092", Path.of("w"), TestCatalogs.h2(Path.of("c")),
            List.of("click")).withShards(3);

    private static ShardOption option(String value) {
        ShardOption o = new ShardOption();
        o.shard = value;
        return o;
    }

    @Test
    void theOptionNamesTheShard() {
        assertThat(option("2/3").resolve(THREE, Map.of())).isEqualTo(new Shard(2, 3));
        assertThat(option("1").resolve(THREE, Map.of())).as("K from the job").isEqualTo(new Shard(1, 3));
        assertThat(option("1/3").resolve(THREE, Map.of(ShardOption.INDEX_VARIABLE, "0"))).as("the option wins").isEqualTo(new Shard(1, 3));
    }

    @Test
    void withoutItAnIndexedJobsIndexOrTheWholeJob() {
        assertThat(option(null).resolve(THREE, Map.of(ShardOption.INDEX_VARIABLE, "2"))).isEqualTo(new Shard(2, 3));
        assertThat(option(null).resolve(THREE, Map.of())).isEqualTo(Shard.WHOLE);
        assertThat(option(null).resolve(THREE.withShards(1), Map.of(ShardOption.INDEX_VARIABLE, "0")))
                .as("pod 0 of a job without shards loads it whole").isEqualTo(Shard.WHOLE);
        assertThatThrownBy(() -> option(null).resolve(THREE.withShards(1), Map.of(ShardOption.INDEX_VARIABLE, "2")))
                .as("pods 1.. of a job without shards would find it busy").hasMessageContaining("has no shards");
    }

    @Test
    void aShardTheJobDoesNotHaveIsRefusedWithItsFix() {
        assertThatThrownBy(() -> option("1/4").resolve(THREE, Map.of())).hasMessageContaining("the job has shards: 3")
                .hasMessageContaining("--set shards=4");
        assertThatThrownBy(() -> option("3").resolve(THREE, Map.of())).hasMessageContaining("is not i/K");
        assertThatThrownBy(() -> option("x/y").resolve(THREE, Map.of())).hasMessageContaining("is not i/K");
        assertThatThrownBy(() -> option(null).resolve(THREE, Map.of(ShardOption.INDEX_VARIABLE, "3")))
                .hasMessageContaining("JOB_COMPLETION_INDEX=3 is not a shard").hasMessageContaining("completions: 3");
    }
}
