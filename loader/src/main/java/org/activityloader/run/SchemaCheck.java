package org.activityloader.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.SchemaUse;
import org.activityloader.catalog.SchemaVersion;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.decode.SchemaEvolution;
import org.activityloader.partition.PartitionKey;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a load reads a record: each activity type's schema now against every version its live files
 * were written with ({@link SchemaEvolution}). A change they cannot be read together with is refused,
 * naming the type, the field, both types and the ways forward. A backfill may write a new version
 * beside old files (it is how hours are moved to it); it is told which hours still hold old ones.
 */
final class SchemaCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaCheck.class);

    private SchemaCheck() {
    }

    /** @throws SchemaChangeRefusedException for the first type whose change is refused */
    static void refuseIncompatible(Catalog catalog, String job, ActivitySchemas now) {
        List<Problem> found = problems(catalog, job, now, Set.of());
        if (!found.isEmpty()) {
            throw new SchemaChangeRefusedException(found.get(0).message(job));
        }
    }

    /**
     * For a backfill, which writes its hours in the schema now: the hours outside it that still hold
     * files of a version the loads refuse, as a warning (the loads stay refused until those are rewritten too).
     */
    static void warnOfOlderVersions(Catalog catalog, String job, ActivitySchemas now, Set<PartitionKey> rewritten) {
        problems(catalog, job, now, rewritten).forEach(p -> LOG.warn("after this backfill, {}", p.message(job)));
    }

    /** Every schema a run writes with, kept by fingerprint before its commit; a concurrent first use by another job is fine. */
    static void register(Catalog catalog, ActivitySchemas schemas, String runId) {
        for (ActivitySchema s : schemas.all()) {
            catalog.schemas().register(s.fingerprint(), s.activityType(), s.schema().toString(), runId);
        }
    }

    /** One type's refused change against one older version, and the hours holding files of it. */
    private record Problem(String type, String fingerprint, List<SchemaEvolution.Refusal> refusals, TreeSet<String> hours) {
        String message(String job) {
            return "the schema of activity type " + type + " (schemas/" + type + ".avsc) changed in a way the files already written with version "
                    + fingerprint + " cannot be read together with: " + refusals.stream().map(Object::toString)
                    .collect(Collectors.joining("; ")) + ". Nothing was read. Either make a compatible change (add an optional field"
                    + " or one with a default, remove a field, widen int to long or float to double, add an enum symbol, rename with"
                    + " an alias), or give the new shape an activity type of its own, or rewrite the " + hours.size() + " hour(s)"
                    + " holding files of the old version in the new one first (loader backfill " + job + " --types " + type + " --hours "
                    + String.join(",", hours.stream().limit(24).toList()) + (hours.size() > 24 ? ",..." : "")
                    + "; loader schemas " + job + " lists them)";
        }
    }

    private static List<Problem> problems(Catalog catalog, String job, ActivitySchemas now, Set<PartitionKey> rewritten) {
        Map<String, Map<String, TreeSet<String>>> hoursByVersion = new LinkedHashMap<>();
        for (SchemaUse u : catalog.schemas().liveUses(job)) {
            if (rewritten.contains(u.key())) {
                continue;
            }
            hoursByVersion.computeIfAbsent(u.activityType(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(u.schemaFingerprint(), f -> new TreeSet<>())
                    .add(u.key().hourOption());
        }
        List<Problem> out = new ArrayList<>();
        for (ActivitySchema current : now.all()) {
            Map<String, TreeSet<String>> versions = hoursByVersion.getOrDefault(current.activityType(), Map.of());
            for (Map.Entry<String, TreeSet<String>> v : versions.entrySet()) {
                if (v.getKey().equals(current.fingerprint())) {
                    continue;
                }
                Schema old = catalog.schemas().find(v.getKey()).map(SchemaVersion::schemaJson).map(j -> new Schema.Parser().parse(j))
                        .orElse(null);
                if (old == null) {
                    continue; // files older than the catalog's schema record: nothing to compare with
                }
                List<SchemaEvolution.Refusal> refusals = SchemaEvolution.check(old, current.schema());
                if (!refusals.isEmpty()) {
                    out.add(new Problem(current.activityType(), v.getKey(), refusals,
                            v.getValue()));
                }
            }
        }
        return out;
    }
}
