package org.activityloader.run;

import java.util.List;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.config.ConfigException;
import org.activityloader.config.GapPolicy;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.source.DrainPlan;
import org.activityloader.source.DrainPlanner;
import org.activityloader.source.KafkaSource;
import org.activityloader.source.OffsetGap;
import org.activityloader.source.PartitionLog;
import org.activityloader.source.PartitionOffsets;
import org.activityloader.source.Shard;
import org.activityloader.source.SourceException;
import org.activityloader.source.TopicRecreatedException;
import org.activityloader.source.StoredPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3 of the commit protocol for a load: the stored offsets and Kafka's offsets now, joined by
 * the pure {@link DrainPlanner}. Offsets lost to retention are gaps (recorded by the commit) or,
 * with {@code on_gap: fail}, stop the run before it loads anything.
 */
final class LoadPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(LoadPlanner.class);

    private final RunContext ctx;
    private final StageTimes stages;

    LoadPlanner(RunContext ctx, StageTimes stages) {
        this.ctx = ctx;
        this.stages = stages;
    }

    /** @param shard the partitions this run loads: all of them, or one shard's */
    LoadPlan plan(String runId, KafkaSource source, Shard shard) {
        JobSpec spec = ctx.spec();
        ActivitySchemas schemas = ActivitySchemas.of(spec);
        StoredOffsets stored = ctx.catalog().offsets().of(spec.name());
        List<PartitionLog> all = stages.time("kafka metadata", () -> logs(source));
        List<PartitionLog> logs = all.stream().filter(l -> shard.owns(l.topicPartition())).toList();
        DrainPlan drain;
        try {
            drain = stages.time("plan", () -> DrainPlanner.plan(PartitionOffsets.join(logs,
                    tp -> stored.get(tp).map(o -> new StoredPosition(o.nextOffset(), o.topicId()))), spec.limits().maxRecords()));
        } catch (TopicRecreatedException e) {
            throw e.forJob(spec.argument());
        }
        if (!drain.gaps().isEmpty() && spec.onGap() == GapPolicy.FAIL) {
            OffsetGap g = drain.gaps().get(0);
            throw new SourceException(drain.gaps().size() + " partition(s) lost offsets to retention before they were loaded"
                    + " (first: " + g.topicPartition() + " [" + g.from() + ", " + g.to() + ")); on_gap is fail,"
                    + " so nothing was loaded. To record the gap and go on: --set on_gap=skip");
        }
        LOG.info("run {} plans {} records from {} partition(s){}", runId, drain.records(), drain.ranges().size(),
                shard.whole() ? "" : " of shard " + shard);
        return new LoadPlan(runId, drain, stored, schemas, all.stream().map(PartitionLog::topicPartition).toList());
    }

    private List<PartitionLog> logs(KafkaSource source) {
        try {
            return source.logs(ctx.spec().topics().stream().map(TopicBinding::topic).toList());
        } catch (SourceException e) {
            if (e.configKey().isPresent()) { // unreachable brokers, a missing topic: the job file's to fix
                throw new ConfigException(ctx.spec().source(), e.configKey().get(), e.getMessage());
            }
            throw e;
        }
    }
}
