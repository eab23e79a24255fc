package org.activityloader.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.activityloader.catalog.OffsetDao;
import org.activityloader.catalog.RangeDao;
import org.activityloader.catalog.RunDao;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.config.TopicBinding;
import org.activityloader.report.Table;
import org.activityloader.source.KafkaSource;
import org.activityloader.source.PartitionLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "Show a job's recent runs and, per partition, the loaded offset, Kafka's end offset and the lag.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        try (JobContext ctx = JobContext.open(job.load())) {
            PrintWriter out = command.commandLine().getOut();
            String name = ctx.spec().name();
            List<List<Object>> runs = new ArrayList<>();
            for (RunRow r : ctx.catalog().withDao(RunDao.class, d -> d.recent(name, 10))) {
                runs.add(List.of(r.runId(), r.status(), r.startedAt(), r.recordsRead(), r.recordsWritten(),
                        r.recordsRejected(), r.filesWritten(), r.error() == null ? "" : r.error()));
            }
            out.println("Recent runs of job " + name + ":");
            out.print(new Table(List.of("run", "status", "started", "read", "written", "rejected", "files", "error"), runs).format());

            StoredOffsets stored = StoredOffsets.of(ctx.catalog().withDao(OffsetDao.class, d -> d.forJob(name)));
            out.println();
            out.println("Offsets:");
            try (KafkaSource kafka = new KafkaSource(ctx.spec().kafka(), Clock.systemUTC())) {
                List<List<Object>> rows = new ArrayList<>();
                List<String> pendingGaps = new ArrayList<>();
                for (PartitionLog p : kafka.logs(ctx.spec().topics().stream().map(TopicBinding::topic).toList())) {
                    Long next = stored.get(p.topicPartition()).map(StoredOffset::nextOffset).orElse(null);
                    if (next != null && next < p.logStart()) {
                        pendingGaps.add("WARNING: offsets [" + next + ", " + p.logStart() + ") of " + p.topicPartition()
                                + " were deleted by Kafka before they were loaded; the next run records the gap"
                                + " (on_gap: skip) or stops (on_gap: fail)");
                    }
                    long loaded = next == null ? p.logStart() : next;
                    rows.add(List.of(p.topic(), p.partition(), next == null ? "(never loaded)" : next,
                            p.logStart(), p.logEnd(), Math.max(0, p.logEnd() - Math.max(loaded, p.logStart()))));
                }
                out.print(new Table(List.of("topic", "partition", "next_offset", "log_start", "log_end", "lag"), rows).format());
                pendingGaps.forEach(out::println);
            } catch (RuntimeException e) {
                out.println("Kafka is not reachable (" + e.getMessage() + "); stored offsets: " + stored.all());
            }
            long gaps = ctx.catalog().withDao(RangeDao.class, d -> d.gaps(name)).size();
            if (gaps > 0) {
                out.println("WARNING: " + gaps + " offset gap(s) recorded: data Kafka deleted before it was loaded"
                        + " (see table offset_gap)");
            }
        }
        return ExitCodes.OK;
    }
}
