package org.activityloader.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.config.ConfigValues;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.fault.Faults;
import org.activityloader.partition.HourlyPartitioner;
import org.activityloader.partition.PartitionKey;
import org.activityloader.run.BackfillPlan;
import org.activityloader.run.BackfillRequest;
import org.activityloader.run.BackfillResult;
import org.activityloader.run.BackfillRun;
import org.activityloader.run.GcWatchdog;
import org.activityloader.run.HeapExhaustedException;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.source.PartitionRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "backfill", description = "Rebuild chosen hours from Kafka (after a bug fix, a schema change, a lost file) and swap"
        + " them in with one commit. Planned from the catalog's lineage; regular runs go on beside it; no offset moves.")
final class BackfillCommand implements Callable<Integer> {
    private static final long MAX_HOURS = 24 * 366;

    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Option(names = "--from", paramLabel = "TIME", description = "first hour, e.g. 2026-11-20T00:00Z")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "end of the range (exclusive), e.g. 2026-11-20T12:00Z")
    String to;

    @Option(names = "--hours", paramLabel = "HOUR", split = ",",
            description = "hours instead of a range, e.g. 2026-11-20T05:00Z,2026-11-20T09:00Z (or 2026-11-20T05 in the job's zone)")
    List<String> hours = new ArrayList<>();

    @Option(names = "--types", paramLabel = "TYPE", split = ",", description = "activity types to rebuild (default: all of the job's)")
    List<String> types = new ArrayList<>();

    @Option(names = "--dry-run", description = "print the plan (hours, offset ranges, records to read, files to replace) and change nothing")
    boolean dryRun;

    @Option(names = "--reason", defaultValue = "", description = "why, kept with the backfill in the catalog")
    String reason;

    @Option(names = "--allow-partial", description = "when Kafka no longer holds some of the offsets, rebuild what is left and record what is missing")
    boolean allowPartial;

    @Option(names = "--lateness", paramLabel = "DURATION", defaultValue = "1h",
            description = "how early or late the hours' events may have reached Kafka (their Kafka timestamps): where rejected events"
                    + " of the hours are looked for, and what is read for hours never loaded (default: ${DEFAULT-VALUE})")
    String lateness;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws Exception {
        JobSpec spec = job.load();
        Set<PartitionKey> chosen = hours(spec);
        Duration late = ConfigValues.parseDuration(lateness);
        if (late == null || late.isNegative()) {
            throw new ParameterException(command.commandLine(), "--lateness: '" + lateness + "' is not a duration; write e.g. 1h");
        }
        ProgressMode mode = progress.mode(command);
        try (StopOnSignal stop = new StopOnSignal(command.commandLine().getErr(), "backfill"); GcWatchdog gc = GcWatchdog.start()) {
            try {
                return backfill(spec, chosen, late, mode, stop, gc);
            } catch (Exception | OutOfMemoryError failure) {
                Exception e = failure instanceof OutOfMemoryError oom ? new HeapExhaustedException("backfill of job " + spec.name(),
                        "it ran out of heap (" + (Runtime.getRuntime().maxMemory() >> 20) + " MB: " + oom.getMessage() + ")", oom)
                        : (Exception) failure;
                return StopOnSignal.report(command.commandLine(), e);
            }
        }
    }

    private int backfill(JobSpec spec, Set<PartitionKey> chosen, Duration late, ProgressMode mode, StopOnSignal stop, GcWatchdog gc)
            throws Exception {
        PrintWriter out = command.commandLine().getOut();
        try (JobContext ctx = JobContext.open(spec)) {
            BackfillRequest request = new BackfillRequest(chosen, chosen.stream().map(PartitionKey::activityType).distinct().sorted().toList(),
                    dryRun, reason, System.getProperty("user.name", "?"), late, allowPartial);
            BackfillResult result = new BackfillRun(new RunContext(spec, ctx.catalog(), ctx.storage(), Clock.systemUTC(),
                    Faults.fromSystemProperty(), stop::requested, mode, gc), request).run();
            out.print(describe(spec, result.plan(), late));
            if ("1".equals(System.getenv("LOADER_STAGE_TIMES"))) {
                StringBuilder sb = new StringBuilder("stage times:");
                result.stages().forEach((stage, d) -> sb.append(String.format(Locale.ROOT, " %s=%.3f", stage.replace(' ', '_'),
                        d.toNanos() / 1e9)));
                command.commandLine().getErr().println(sb);
            }
            if (result.runId().isPresent()) {
                out.printf(Locale.ROOT, "backfill %s of job %s: replaced %d file(s) (%,d records) by %,d records in new files;"
                                + " %d dead letter(s) resolved; catalog version %d%n", result.runId().get(), spec.name(),
                        result.plan().replaced().size(), result.plan().oldRecords(), result.newRecords(), result.resolved(),
                        result.catalogVersion());
                new TreeMap<String, Long>(result.newPerHour().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        e -> e.getKey().label(), Map.Entry::getValue))).forEach((hour, n) ->
                        out.printf(Locale.ROOT, "  %s: %,d records%n", hour, n));
                if (result.plan().isEmpty()) {
                    out.println("note: the hours hold no file and Kafka has no record for them; the backfill is recorded, nothing else changed");
                }
            } else {
                out.println("dry run: nothing was changed");
            }
            return ExitCodes.OK;
        }
    }

    /** The plan, for people. */
    static String describe(JobSpec spec, BackfillPlan plan, Duration lateness) {
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        List<String> hourList = plan.hours().stream().map(PartitionKey::label).sorted().toList();
        sb.append("backfill plan for job ").append(spec.name()).append(": ").append(hourList.size()).append(" hour(s) (zone ")
                .append(spec.eventTime().zone()).append(')').append(nl);
        hourList.forEach(h -> sb.append("  ").append(h).append(nl));
        sb.append(String.format(Locale.ROOT, "files to replace: %d (%,d records)%n", plan.replaced().size(), plan.oldRecords()));
        for (DataFileRow f : plan.replaced()) {
            sb.append("  ").append(f.path()).append(String.format(Locale.ROOT, " (%,d records)", f.recordCount())).append(nl);
        }
        sb.append(String.format(Locale.ROOT, "offset ranges to read: %d (%,d records), from lineage%s%n", plan.ranges().size(),
                plan.recordsToRead(), plan.fromTimes().isEmpty() ? "" : " and Kafka's offsets for times"));
        for (PartitionRange r : plan.ranges()) {
            sb.append("  ").append(r.topicPartition()).append(" [").append(r.from()).append(", ").append(r.to()).append(')').append(nl);
        }
        sb.append("dead letters to decode again: ").append(plan.deadLetters().size()).append(nl);
        if (!plan.fromTimes().isEmpty()) {
            sb.append("never loaded, planned from Kafka's timestamps (records produced from ").append(lateness)
                    .append(" before to ").append(lateness).append(" after the hour):").append(nl);
            plan.fromTimes().forEach(h -> sb.append("  ").append(h.label()).append(nl));
        }
        if (!plan.notRebuilt().isEmpty()) {
            sb.append("cannot be read again (Kafka no longer holds them):").append(nl);
            plan.notRebuilt().forEach(n -> sb.append("  ").append(n).append(nl));
        }
        if (!plan.partialHours().isEmpty()) {
            sb.append(plan.partialHours().size()).append(" hour(s) cannot be rebuilt whole")
                    .append(plan.hours().containsAll(plan.partialHours()) ? " (refused without --allow-partial)"
                            : ", left as they are (--allow-partial)").append(':').append(nl);
            plan.partialHours().stream().map(PartitionKey::label).sorted().forEach(h -> sb.append("  ").append(h).append(nl));
        }
        return sb.toString();
    }

    private Set<PartitionKey> hours(JobSpec spec) {
        ZoneId zone = spec.eventTime().zone();
        List<String> jobTypes = spec.topics().stream().map(TopicBinding::activityType).distinct().toList();
        for (String t : types) {
            if (!jobTypes.contains(t)) {
                throw new ParameterException(command.commandLine(), "--types: job " + spec.name() + " has no activity type " + t
                        + "; it has " + String.join(", ", jobTypes));
            }
        }
        List<String> chosenTypes = types.isEmpty() ? jobTypes : types;
        List<Instant> starts = new ArrayList<>();
        if ((from == null) != (to == null) || (from == null) == hours.isEmpty()) {
            throw new ParameterException(command.commandLine(), "give --from and --to, or --hours");
        }
        if (from != null) {
            Instant a = wholeHour(time(from, zone, "--from"), zone, "--from", from);
            Instant b = wholeHour(time(to, zone, "--to"), zone, "--to", to);
            if (!b.isAfter(a)) {
                throw new ParameterException(command.commandLine(), "--to must be after --from");
            }
            long span = Duration.between(a, b).toHours();
            if (span > MAX_HOURS) {
                throw new ParameterException(command.commandLine(), "--from and --to span " + span + " hours; backfill a year or less at a time");
            }
            for (Instant t = a; t.isBefore(b); t = t.plus(1, ChronoUnit.HOURS)) {
                starts.add(t);
            }
        } else {
            for (String h : hours) {
                starts.add(wholeHour(time(h, zone, "--hours"), zone, "--hours", h));
            }
        }
        Instant now = Instant.now();
        starts.stream().filter(s -> s.isAfter(now)).min(Instant::compareTo).ifPresent(future -> {
            throw new ParameterException(command.commandLine(), "the hour of " + future.atZone(zone).toOffsetDateTime()
                    + " has not begun yet: nothing can have been loaded into it. Backfill hours up to the current one");
        });
        HourlyPartitioner partitioner = new HourlyPartitioner(zone);
        Set<PartitionKey> out = new LinkedHashSet<>();
        for (Instant start : starts) {
            for (String type : chosenTypes) {
                out.add(partitioner.keyFor(type, start.toEpochMilli()));
            }
        }
        return out;
    }

    private Instant time(String text, ZoneId zone, String option) {
        return HourFilter.time(command, text, zone, option);
    }

    /** A backfill rebuilds whole hours: a time inside an hour is refused rather than silently widened. */
    private Instant wholeHour(Instant t, ZoneId zone, String option, String text) {
        ZonedDateTime z = t.atZone(zone);
        if (!z.truncatedTo(ChronoUnit.HOURS).equals(z)) {
            throw new ParameterException(command.commandLine(), option + ": '" + text + "' is not the start of an hour in the job's zone ("
                    + zone + "); a backfill rebuilds whole hours, e.g. " + z.truncatedTo(ChronoUnit.HOURS).toOffsetDateTime());
        }
        return t;
    }
}
