package org.activityloader.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.activityloader.catalog.HourFiles;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.HourState;
import org.activityloader.partition.PartitionKey;
import org.activityloader.report.HourTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "hours", description = "List a job's hours: open, complete (its _SUCCESS written) or amended (changed after it was"
        + " complete), with their files, records, when each was completed and how many late records amended it.")
final class HoursCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Mixin
    HourFilter filter;

    @Option(names = "--state", paramLabel = "STATE", description = "open, complete or amended (default: all)")
    String state;

    @Option(names = "--json", description = "one JSON document: {\"job\", \"hours\": [...]} with the table's columns")
    boolean json;

    @Override
    public Integer call() throws Exception {
        HourState wanted = state(state);
        try (JobContext ctx = JobContext.open(job.load())) {
            String name = ctx.spec().name();
            Predicate<PartitionKey> chosen = filter.of(command, ctx.spec());
            Map<PartitionKey, HourFiles> files = ctx.catalog().hours().liveFiles(name);
            List<HourRow> hours = ctx.catalog().hours().ofJob(name).stream()
                    .filter(h -> chosen.test(h.key()) && (wanted == null || h.state() == wanted)).toList();
            PrintWriter out = command.commandLine().getOut();
            out.print(json ? json(name, hours, files) : HourTable.of(hours, files).format());
            out.flush();
        }
        return ExitCodes.OK;
    }

    private HourState state(String text) {
        if (text == null) {
            return null;
        }
        try {
            return HourState.of(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--state is open, complete or amended, not " + text);
        }
    }

    private static String json(String job, List<HourRow> hours, Map<PartitionKey, HourFiles> files) throws Exception {
        ObjectNode root = JSON.createObjectNode().put("job", job);
        ArrayNode list = root.putArray("hours");
        for (HourRow h : hours) {
            HourFiles f = files.get(h.key());
            ObjectNode n = list.addObject();
            n.put("activity_type", h.activityType()).put("date", h.eventDate().toString()).put("hour", h.eventHour())
                    .put("state", h.state().value()).put("files", f == null ? 0 : f.files()).put("records", f == null ? 0 : f.records())
                    .put("completed_at", h.completedAt() == null ? null : h.completedAt().toString())
                    .put("completed_version", h.completedVersion()).put("amendments", h.amendments())
                    .put("late_records", h.lateRecords()).put("changed_version", h.changedVersion());
        }
        return JSON.writeValueAsString(root) + System.lineSeparator();
    }
}
