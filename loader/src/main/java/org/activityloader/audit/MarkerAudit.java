package org.activityloader.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.HourChangeRow;
import org.activityloader.catalog.HourFiles;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.RunState;
import org.activityloader.partition.FileNames;
import org.activityloader.partition.PartitionKey;
import org.activityloader.write.Storage;

/**
 * The {@code _SUCCESS} markers against the catalog: every closed hour has one that says what the
 * catalog says of it (its hour, state, records, amendments and the version of its last change; not
 * its files, which a compaction merges without rewriting the marker), and no open hour, nor a folder
 * of an hour without data, has one, since a sensor would start
 * on a folder that is still filling. An hour whose marker a run is about to write (its run not yet
 * published, or published and still holding its lease, or another run still publishing into it) is
 * left out: that marker is on its way; so is an hour with a lost file, which verify reports as such.
 * What is found is read a second time, and only what is found both times is reported.
 */
public final class MarkerAudit {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MARKER = Pattern.compile("activity_type=([^/]+)/date=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/_SUCCESS");

    /** A marker to write again (or, in an open hour, to remove), and why. */
    public record Problem(PartitionKey hour, boolean remove, Finding finding) {
    }

    private final Catalog catalog;
    private final Storage storage;
    private final Clock clock;

    public MarkerAudit(Catalog catalog, Storage storage, Clock clock) {
        this.catalog = catalog;
        this.storage = storage;
        this.clock = clock;
    }

    public List<Problem> problems(String job) throws IOException {
        List<Problem> found = problemsOnce(job);
        if (found.isEmpty()) {
            return found;
        }
        // Read again where something was found: a commit or a publish between the reads is not a problem.
        Set<PartitionKey> again = new HashSet<>();
        problemsOnce(job).forEach(p -> again.add(p.hour()));
        return found.stream().filter(p -> again.contains(p.hour())).toList();
    }

    private List<Problem> problemsOnce(String job) throws IOException {
        Set<PartitionKey> leftOut = leftOut(job);
        // An hour with a lost file is reported as such (lost_file); the backfill that rebuilds it writes its marker again.
        leftOut.addAll(catalog.hours().withLostFiles(job));
        Map<PartitionKey, HourFiles> files = catalog.hours().publishedFiles(job);
        List<Problem> out = new ArrayList<>();
        List<HourRow> hours = catalog.hours().ofJob(job);
        Set<PartitionKey> known = new HashSet<>();
        for (HourRow hour : hours) {
            known.add(hour.key());
            if (leftOut.contains(hour.key())) {
                continue;
            }
            check(hour, Optional.ofNullable(files.get(hour.key())), marker(FileNames.successMarker(hour.key())))
                    .ifPresent(f -> out.add(new Problem(hour.key(), !hour.state().closed(), f)));
        }
        for (PartitionKey orphan : markersWithoutAnHour(hours, known)) {
            out.add(new Problem(orphan, true, new Finding("stale_marker", FileNames.successMarker(orphan)
                    + " is in an hour the job has no data for (a sensor would start on it); verify --repair removes it")));
        }
        return out;
    }

    /** The markers in the folders of the job's activity types whose hour the catalog does not know. */
    private List<PartitionKey> markersWithoutAnHour(List<HourRow> hours, Set<PartitionKey> known) {
        List<PartitionKey> out = new ArrayList<>();
        for (String type : hours.stream().map(HourRow::activityType).distinct().toList()) {
            List<String> paths;
            try {
                paths = storage.listFiles("activity_type=" + type);
            } catch (IOException e) {
                continue; // nothing listed, nothing to say
            }
            for (String path : paths) {
                Matcher m = MARKER.matcher(path);
                if (m.matches()) {
                    PartitionKey key = new PartitionKey(m.group(1), LocalDate.parse(m.group(2)), Integer.parseInt(m.group(3)));
                    if (!known.contains(key)) {
                        out.add(key);
                    }
                }
            }
        }
        return out;
    }

    private Optional<JsonNode> marker(String path) {
        try {
            return storage.exists(path) ? Optional.of(parsed(storage.read(path))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // replaced by its writer between the two calls: read again by problems()
        }
    }

    /** The hours with a change whose marker is not written and whose run may still write it. */
    private Set<PartitionKey> leftOut(String job) {
        List<HourChangeRow> unwritten = catalog.hours().unwrittenMarkers(job);
        List<String> runs = unwritten.stream().map(HourChangeRow::runId).distinct().toList();
        Map<String, RunState> states = catalog.runs().statesOf(runs);
        Set<String> working = new HashSet<>();
        runs.forEach(r -> {
            if (states.get(r) != RunState.PUBLISHED || catalog.leases().anyHeldBy(r, clock.instant())) {
                working.add(r);
            }
        });
        Set<PartitionKey> out = new HashSet<>(catalog.hours().withUnpublishedFiles(job, "")); // their publishing writes them
        unwritten.stream().filter(c -> working.contains(c.runId())).forEach(c -> out.add(c.key()));
        return out;
    }

    private static JsonNode parsed(byte[] content) {
        try {
            return JSON.readTree(content);
        } catch (IOException e) {
            return JSON.createObjectNode(); // unreadable: it says nothing, so it disagrees
        }
    }

    /** What is wrong with one hour's marker, if anything. Pure. */
    static Optional<Finding> check(HourRow hour, Optional<HourFiles> files, Optional<JsonNode> marker) {
        String where = FileNames.successMarker(hour.key());
        if (!hour.state().closed()) {
            return marker.map(m -> new Finding("stale_marker", where + " is in an hour that is still open; verify --repair removes it"));
        }
        if (marker.isEmpty()) {
            return Optional.of(new Finding("missing_marker", where + " is missing although the hour is " + hour.state().value()
                    + "; verify --repair writes it"));
        }
        JsonNode m = marker.get();
        long records = files.map(HourFiles::records).orElse(0L);
        boolean sameHour = hour.job().equals(m.path("job").asText()) && hour.activityType().equals(m.path("activity_type").asText())
                && hour.eventDate().toString().equals(m.path("date").asText()) && m.path("hour").asInt(-1) == hour.eventHour()
                && m.path("amendments").asLong(-1) == hour.amendments() && m.path("late_records").asLong(-1) == hour.lateRecords();
        if (!sameHour) {
            return Optional.of(new Finding("stale_marker", where + " names another hour or other amendments than the catalog's ("
                    + hour.job() + " " + hour.key().label() + ", " + hour.amendments() + " amendment(s), " + hour.lateRecords()
                    + " late records); verify --repair writes it again"));
        }
        if (!hour.state().value().equals(m.path("state").asText()) || m.path("records").asLong(-1) != records
                || m.path("catalog_version").asLong(-1) != hour.changedVersion()) {
            return Optional.of(new Finding("stale_marker", where + " says " + m.path("state").asText("?") + " with "
                    + m.path("records").asText("?") + " records at catalog version " + m.path("catalog_version").asText("?")
                    + "; the catalog says " + hour.state().value() + " with " + records + " at " + hour.changedVersion()
                    + "; verify --repair writes it again"));
        }
        return Optional.empty();
    }
}
