package org.activityloader.cli;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.partition.HourCompleteness;
import org.activityloader.partition.PartitionKey;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which of a job's hours a command looks at: those beginning in {@code [--from, --to)}, of the {@code --types} given. */
final class HourFilter {
    @Option(names = "--from", paramLabel = "TIME", description = "hours beginning at or after this, e.g. 2026-11-20T00:00Z")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "hours beginning before this, e.g. 2026-11-21T00:00Z")
    String to;

    @Option(names = "--types", paramLabel = "TYPE", split = ",", description = "activity types (default: all of the job's)")
    List<String> types = new ArrayList<>();

    Predicate<PartitionKey> of(CommandSpec command, JobSpec spec) {
        ZoneId zone = spec.eventTime().zone();
        List<String> jobTypes = spec.topics().stream().map(TopicBinding::activityType).distinct().toList();
        for (String t : types) {
            if (t.isBlank()) {
                throw new ParameterException(command.commandLine(), "--types: an empty activity type in the list (two commas?); the job has "
                        + String.join(", ", jobTypes));
            }
            if (!jobTypes.contains(t)) {
                throw new ParameterException(command.commandLine(), "--types: job " + spec.name() + " has no activity type " + t
                        + "; it has " + String.join(", ", jobTypes));
            }
        }
        Instant a = from == null ? Instant.MIN : time(command, from, zone, "--from");
        Instant b = to == null ? Instant.MAX : time(command, to, zone, "--to");
        if (!b.isAfter(a)) {
            throw new ParameterException(command.commandLine(), "--to must be after --from");
        }
        HourCompleteness clock = new HourCompleteness(zone, java.time.Duration.ZERO);
        return key -> (types.isEmpty() || types.contains(key.activityType())) && start(clock, key).compareTo(a) >= 0
                && start(clock, key).isBefore(b);
    }

    private static Instant start(HourCompleteness clock, PartitionKey key) {
        return clock.end(key).minus(java.time.Duration.ofHours(1));
    }

    /** An instant with an offset ({@code 2026-11-20T05:00Z}), or a local hour in the job's zone ({@code 2026-11-20T05}). */
    static Instant time(CommandSpec command, String text, ZoneId zone, String option) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                String local = text.length() == 13 ? text + ":00" : text;
                return LocalDateTime.parse(local).atZone(zone).toInstant();
            } catch (DateTimeParseException e2) {
                throw new ParameterException(command.commandLine(), option + ": '" + text
                        + "' is not a time; write e.g. 2026-11-20T05:00Z, or 2026-11-20T05 for an hour in the job's zone");
            }
        }
    }
}
