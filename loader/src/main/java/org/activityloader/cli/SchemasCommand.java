package org.activityloader.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.activityloader.catalog.SchemaUse;
import org.activityloader.catalog.SchemaVersion;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "schemas", description = "List each activity type's schema versions: when each was first used, by which run, and"
        + " which hours hold live files of each (the version in schemas/ now is marked).")
final class SchemasCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        try (JobContext ctx = JobContext.open(job.load())) {
            String name = ctx.spec().name();
            ActivitySchemas schemas = ActivitySchemas.of(ctx.spec());
            Map<String, String> current = new TreeMap<>();
            schemas.all().forEach(s -> current.put(s.activityType(), s.fingerprint()));
            Map<String, List<SchemaUse>> uses = new TreeMap<>();
            ctx.catalog().schemas().liveUses(name).forEach(u -> uses.computeIfAbsent(u.schemaFingerprint(), f -> new ArrayList<>()).add(u));
            List<List<Object>> rows = new ArrayList<>();
            List<String> listed = new ArrayList<>();
            for (SchemaVersion v : ctx.catalog().schemas().versionsOfJob(name)) {
                rows.add(row(v.activityType(), v.fingerprint(), v.fingerprint().equals(current.get(v.activityType())),
                        v.firstUsedAt() == null ? "" : v.firstUsedAt().toString(), v.firstRun(), uses.getOrDefault(v.fingerprint(), List.of())));
                listed.add(v.fingerprint());
            }
            for (ActivitySchema s : schemas.all()) {
                if (!listed.contains(s.fingerprint())) {
                    rows.add(row(s.activityType(), s.fingerprint(), true, "not used yet", "", List.of()));
                }
            }
            command.commandLine().getOut().print(new Table(List.of("activity_type", "version", "now", "first_used_at", "first_run",
                    "live_files", "hours", "first_hour", "last_hour"), rows).format());
        }
        return ExitCodes.OK;
    }

    private static List<Object> row(String type, String version, boolean now, String firstUsed, String run, List<SchemaUse> uses) {
        List<String> hours = uses.stream().map(u -> u.key().hourOption()).sorted().toList();
        return List.of(type, version, now ? "yes" : "", firstUsed, run, uses.stream().mapToLong(SchemaUse::files).sum(), hours.size(),
                hours.isEmpty() ? "" : hours.get(0), hours.isEmpty() ? "" : hours.get(hours.size() - 1));
    }
}
