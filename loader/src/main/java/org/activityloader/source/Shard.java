package org.activityloader.source;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;

/**
 * One of a job's {@code shards}: the topic-partitions one process loads when K processes load the
 * job in parallel. Partition p of a topic belongs to shard {@code (p + rotation(topic)) mod K}, so a
 * topic's partitions spread evenly over the shards, partitions added to a topic never move the ones
 * it had, and several small topics do not all start on shard 0. The split is only a placement:
 * offsets stay per partition, so changing K moves no data.
 *
 * @param index from 0 to {@code count - 1}
 * @param count K, the job's number of shards
 */
public record Shard(int index, int count) {
    public static final int MAX = 256;
    /** The whole job in one process (a job without shards). */
    public static final Shard WHOLE = new Shard(0, 1);
    private static final Pattern TEXT = Pattern.compile("(\\d{1,3})/(\\d{1,3})");
    private static final String SHARD_LEASE = "#shard-";

    public Shard {
        if (count < 1 || count > MAX || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + " is not one of 0/K to (K-1)/K with K from 1 to " + MAX);
        }
    }

    /** {@code i/K} as {@code --shard} takes it; empty if it is not of that form or out of range. */
    public static Optional<Shard> parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int index = Integer.parseInt(m.group(1));
        int count = Integer.parseInt(m.group(2));
        return count >= 1 && count <= MAX && index < count ? Optional.of(new Shard(index, count)) : Optional.empty();
    }

    /** Every shard of a job of {@code count} shards, in order: {@link #WHOLE} alone for 1. */
    public static List<Shard> all(int count) {
        return IntStream.range(0, count).mapToObj(i -> new Shard(i, count)).toList();
    }

    public boolean whole() {
        return count == 1;
    }

    public boolean owns(TopicPartition tp) {
        return Math.floorMod(tp.partition() + rotation(tp.topic()), count) == index;
    }

    /** String.hashCode is fixed by the language, so every process and version places a topic alike. */
    private int rotation(String topic) {
        return Math.floorMod(topic.hashCode(), count);
    }

    /**
     * The lease a load of this shard holds: the job's own for the whole job (the one operator
     * commands take too), {@code <job>#shard-i/K} for a shard.
     */
    public String leaseOf(String job) {
        return whole() ? job : job + SHARD_LEASE + index + "/" + count;
    }

    /** The prefix of every shard lease of the job, whatever its K. */
    public static String leasePrefixOf(String job) {
        return job + SHARD_LEASE;
    }

    /** The job a load's lease ({@link #leaseOf}) belongs to. */
    public static String jobOfLease(String lease) {
        int shard = lease.indexOf(SHARD_LEASE);
        return shard < 0 ? lease : lease.substring(0, shard);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
