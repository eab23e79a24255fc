package org.activityloader.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ShardTest {
    private static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> out = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    private static List<Shard> shards(int k) {
        return Shard.all(k);
    }

    @Test
    void everyPartitionBelongsToExactlyOneShard() {
        List<TopicPartition> all = new ArrayList<>(partitions("page_views", 12));
        all.addAll(partitions("searches", 5));
        all.addAll(partitions("clicks", 1));
        for (int k = 1; k <= 7; k++) {
            for (TopicPartition tp : all) {
                assertThat(shards(k).stream().filter(s -> s.owns(tp)).count()).as(tp + " of " + k + " shards").isEqualTo(1);
            }
        }
    }

    @Test
    void aTopicsPartitionsSpreadEvenlyOverTheShards() {
        for (int k = 1; k <= 6; k++) {
            for (int n : new int[] {1, 5, 12, 13}) {
                Map<Integer, Integer> perShard = new TreeMap<>();
                for (TopicPartition tp : partitions("page_views", n)) {
                    shards(k).stream().filter(s -> s.owns(tp)).forEach(s -> perShard.merge(s.index(), 1, Integer::sum));
                }
                int most = perShard.values().stream().max(Integer::compare).orElse(0);
                int least = perShard.size() < k ? 0 : perShard.values().stream().min(Integer::compare).orElse(0);
                assertThat(most - least).as(n + " partitions over " + k + " shards: " + perShard).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void partitionsAddedToATopicDoNotMoveTheOnesItHad() {
        Shard shard = new Shard(1, 3);
        List<Boolean> before = partitions("searches", 6).stream().map(shard::owns).toList();
        List<Boolean> after = partitions("searches", 12).stream().map(shard::owns).toList();
        assertThat(after.subList(0, 6)).isEqualTo(before);
    }

    @Test
    void smallTopicsDoNotAllLandOnTheFirstShard() {
        List<String> topics = List.of("page_views", "searches", "clicks", "signups", "carts", "orders");
        long onFirst = topics.stream().filter(t -> new Shard(0, 3).owns(new TopicPartition(t, 0))).count();
        assertThat(onFirst).isLessThan(topics.size());
    }

    @Test
    void parsesIOfKAndRefusesWhatIsNotAShard() {
        assertThat(Shard.parse("2/3")).contains(new Shard(2, 3));
        assertThat(Shard.parse(" 0/1 ")).contains(Shard.WHOLE);
        for (String bad : new String[] {"3/3", "-1/3", "1/0", "1", "a/b", "1/3/4", "0/257", ""}) {
            assertThat(Shard.parse(bad)).as(bad).isEmpty();
        }
        assertThatThrownBy(() -> new Shard(3, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allAreTheShardsInOrderAndOneShardIsTheWholeJob() {
        assertThat(Shard.all(3)).containsExactly(new Shard(0, 3), new Shard(1, 3), new Shard(2, 3));
        assertThat(Shard.all(1)).containsExactly(Shard.WHOLE);
    }

    @Test
    void aLeaseNamesItsJob() {
        assertThat(Shard.jobOfLease(new Shard(2, 3).leaseOf("activity"))).isEqualTo("activity");
        assertThat(Shard.jobOfLease(Shard.WHOLE.leaseOf("activity"))).isEqualTo("activity");
    }

    @Test
    void theWholeJobHoldsTheJobsLeaseAShardItsOwn() {
        assertThat(Shard.WHOLE.leaseOf("activity")).isEqualTo("activity");
        assertThat(new Shard(1, 3).leaseOf("activity")).isEqualTo("activity#shard-1/3").startsWith(Shard.leasePrefixOf("activity"));
        assertThat(new Shard(1, 4).leaseOf("activity")).isNotEqualTo(new Shard(1, 3).leaseOf("activity"));
    }
}
