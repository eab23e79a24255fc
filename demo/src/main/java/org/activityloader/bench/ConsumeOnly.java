package org.activityloader.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.source.DrainLimits;
import org.activityloader.source.DrainListener;
import org.activityloader.source.DrainPlan;
import org.activityloader.source.DrainPlanner;
import org.activityloader.source.KafkaSource;
import org.activityloader.source.PartitionOffsets;

/** The benchmark's ceiling: a drain of the job's topics from their start, records as byte arrays, nothing decoded or written. */
public final class ConsumeOnly {
    public record Drained(long records, long bytes) {
    }

    private ConsumeOnly() {
    }

    public static Drained drain(JobSpec job, long maxRecords) {
        try (KafkaSource source = new KafkaSource(job.kafka(), Clock.systemUTC())) {
            DrainPlan plan = DrainPlanner.plan(PartitionOffsets.join(
                    source.logs(job.topics().stream().map(TopicBinding::topic).toList()), tp -> Optional.empty()), maxRecords);
            long[] count = {0};
            source.drain(plan.ranges(), new DrainLimits(Long.MAX_VALUE, Duration.ofHours(2), Duration.ofSeconds(30), () -> false),
                    batch -> count[0] += batch.size(), DrainListener.NONE);
            return new Drained(count[0], source.bytesRead());
        }
    }
}
