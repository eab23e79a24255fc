package org.activityloader.schedule;

import static org.activityloader.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.ContinuousTraffic;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestClocks;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code loader schedule} processes on one PostgreSQL catalog and one broker, while traffic
 * keeps coming: every firing runs on exactly one node; after {@code kill -9} of the node that fired
 * last, the other goes on firing the job; in the end every event is loaded exactly once and {@code verify} is clean.
 */
@Tag("postgres")
class ScheduleClusterIT {
    private static final List<String> TYPES = List.of("click");
    private static final Pattern FIRING = Pattern.compile("job shared: firing on node (\\S+) \\(scheduled (\\S+)\\)");
    private static final Pattern RUN = Pattern.compile("job shared: run (\\S+) of job shared:");
    private static final Duration LEASE = Duration.ofSeconds(3);

    @Test
    void eachFiringRunsOnOneNodeAndTheSurvivorGoesOn(@TempDir Path dir) throws Exception {
        CatalogSpec postgres = TestCatalogs.freshPostgres();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(List.of("clicks"), 2);
            JobSpec job = TestJobs.job("shared", kafka.bootstrapServers(), dir.resolve("warehouse"), postgres, TYPES)
                    .withSchedule("*/2 * * * * ?").withLeaseTimeout(LEASE);
            Path jobs = Files.createDirectories(dir.resolve("jobs"));
            ChildLoader.writeJobFile(jobs, job);
            Catalog catalog = Catalog.open(postgres);

            ContinuousTraffic traffic = ContinuousTraffic.start(new TrafficGenerator(kafka.bootstrapServers(), 5).withoutIds(), 300,
                    Instant.parse("2026-11-03T00:00:00Z"), 2, 0, TYPES, Duration.ofMillis(300));

            Path logA = dir.resolve("a.log");
            Path logB = dir.resolve("b.log");
            String[] args = {"schedule", "--jobs-dir", jobs.toString(), "--listen", "none", "--cluster-checkin", "1s",
                "--misfire-threshold", "5s"};
            Process a = ChildLoader.start(logA, null, args);
            Process b = ChildLoader.start(logB, null, args);
            Instant killedAt;
            Path survivorLog;
            try {
                ChildLoader.awaitLog(logA, "clustered on the PostgreSQL catalog", 90);
                ChildLoader.awaitLog(logB, "clustered on the PostgreSQL catalog", 90);
                awaitRuns(catalog, r -> true, 6, Duration.ofSeconds(90));

                // Quartz does not spread firings evenly: kill the node that fired last, so the other must take over.
                boolean aFiredLast = lastFiring(logA).isAfter(lastFiring(logB));
                Process victim = aFiredLast ? a : b;
                Process survivor = aFiredLast ? b : a;
                survivorLog = aFiredLast ? logB : logA;
                new ProcessBuilder("kill", "-KILL", String.valueOf(victim.pid())).start().waitFor();
                victim.waitFor();
                killedAt = Instant.now();
                // The survivor takes over within the check-in interval (plus a run's lease if the victim died holding it).
                awaitRuns(catalog, r -> r.startedAt().isAfter(killedAt), 3, Duration.ofSeconds(60));
                survivor.destroy();
                assertThat(ChildLoader.await(survivor, 60)).as("the survivor stops cleanly; log:\n" + Files.readString(survivorLog))
                        .isZero();
            } finally {
                a.destroyForcibly();
                b.destroyForcibly();
                traffic.stop();
            }

            // Each firing (a scheduled time) ran on one node only; each run is in one node's log.
            List<String> scheduled = new ArrayList<>(firings(logA).stream().map(f -> f[1]).toList());
            scheduled.addAll(firings(logB).stream().map(f -> f[1]).toList());
            assertThat(scheduled).as("firings").doesNotHaveDuplicates().hasSizeGreaterThan(8);
            Set<String> runsA = runs(logA);
            Set<String> runsB = runs(logB);
            assertThat(runsA).doesNotContainAnyElementsOf(runsB);
            assertThat(firings(survivorLog).stream().map(f -> Instant.parse(f[1])).filter(t -> t.isAfter(killedAt)))
                    .hasSizeGreaterThan(2);
            List<RunRow> all = catalog.runs().recent("shared", 1000).stream()
                    .sorted(Comparator.comparing(RunRow::startedAt)).toList();
            for (int i = 1; i < all.size(); i++) {
                RunRow prev = all.get(i - 1);
                if (prev.finishedAt() != null) { // the run A was killed in has none
                    assertThat(all.get(i).startedAt()).as("runs never overlap").isAfterOrEqualTo(prev.finishedAt());
                }
            }

            try (Storage storage = new Storage(job.output().warehouse())) {
                RunSummary last;
                do { // the rest, past a lease A may have died holding
                    last = new LoadRun(job, catalog, storage, TestClocks.pastLease(LEASE), Faults.NONE, () -> false).run();
                } while (last.counts().recordsRead() > 0);
                ReadBack.Totals found = ReadBack.totals(catalog, dir.resolve("warehouse"), "shared");
                assertThat(found.rows()).isEqualTo(traffic.good());
                assertThat(found.distinctIds()).isEqualTo(traffic.good());
                assertThat(found.idDigest()).isEqualTo(traffic.idDigest());
                assertThat(new WarehouseAudit(catalog, storage).verify("shared")).isEmpty();
            }
        } finally {
            TestCatalogs.dropPostgres(postgres);
        }
    }

    private static void awaitRuns(Catalog catalog, java.util.function.Predicate<RunRow> which, int count, Duration patience)
            throws Exception {
        await(() -> catalog.runs().recent("shared", 1000).stream()
                .filter(r -> r.status() == RunState.PUBLISHED).filter(which).count() >= count, patience, count + " published runs");
    }

    /** [node, scheduled time] of each firing in a node's log. */
    private static List<String[]> firings(Path log) throws Exception {
        List<String[]> out = new ArrayList<>();
        Matcher m = FIRING.matcher(Files.readString(log));
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    private static Instant lastFiring(Path log) throws Exception {
        return firings(log).stream().map(f -> Instant.parse(f[1])).max(Comparator.naturalOrder()).orElse(Instant.MIN);
    }

    private static Set<String> runs(Path log) throws Exception {
        Set<String> out = new HashSet<>();
        Matcher m = RUN.matcher(Files.readString(log));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
