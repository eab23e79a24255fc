package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.activityloader.audit.Finding;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
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
 * Crash soak: a child-JVM {@code loader run} is killed with SIGKILL at a random moment, again and
 * again, while a producer keeps producing; then normal runs finish the backlog and every produced
 * event must be in the warehouse exactly once, with no orphan file. CI runs a few cycles; the soak
 * proper runs {@code mvn -B verify -Dit.test=SoakIT -Dsoak.cycles=1000} (and {@code -Dsoak.killWindowMillis=8000}
 * to let more runs get as far as their commit before they are killed).
 */
@Tag("soak")
class SoakIT {
    private static final List<String> TYPES = List.of("click");
    private static final Duration LEASE = Duration.ofMillis(1500);

    @Test
    void killedAtRandomMomentsNothingIsLostOrDoubled(@TempDir Path dir) throws Exception {
        int cycles = Integer.getInteger("soak.cycles", 6);
        long seed = Long.getLong("soak.seed", System.nanoTime());
        // Kills land 0.3 s to 0.3 s + this after a run starts: short windows hit start-up and draining,
        // long ones let more runs reach sealing, the commit and publishing.
        int killWindow = Integer.getInteger("soak.killWindowMillis", 3_200);
        // First, so that a failure (or a hang) can be replayed: -Dsoak.seed=...
        System.out.printf("SOAK seed=%d cycles=%d kill_window_ms=%d%n", seed, cycles, killWindow);
        Random random = new Random(seed);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(List.of("clicks"), 4);
            JobSpec job = TestJobs.job("soak", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES)
                    .withLeaseTimeout(LEASE);
            Path jobFile = ChildLoader.writeJobFile(dir, job, "limits:", "  max_records: 5000");

            // Counts and a digest of the ids only: a long soak produces millions of events, too many ids to keep.
            ContinuousTraffic traffic = ContinuousTraffic.start(new TrafficGenerator(kafka.bootstrapServers(), seed).withoutIds(),
                    1_000, Instant.parse("2026-06-01T00:00:00Z"), 3, 100, TYPES, Duration.ofMillis(250));

            int killed = 0;
            int completed = 0;
            List<String> completedRuns = new java.util.ArrayList<>();
            int busy = 0;
            for (int cycle = 0; cycle < cycles; cycle++) {
                Process child = ChildLoader.start(dir.resolve("cycle.log"), null, "run", jobFile.toString());
                long killAfter = 300 + random.nextInt(killWindow);
                if (child.waitFor(killAfter, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (child.exitValue() == 0) {
                        completed++;
                        completedRuns.add(runIdOf(java.nio.file.Files.readString(dir.resolve("cycle.log"))));
                    } else if (child.exitValue() == 3) {
                        busy++; // the lease of a killed run had not expired yet
                    } else {
                        throw new AssertionError("run failed with exit " + child.exitValue() + ":\n"
                                + java.nio.file.Files.readString(dir.resolve("cycle.log")));
                    }
                } else {
                    new ProcessBuilder("kill", "-KILL", String.valueOf(child.pid())).start().waitFor();
                    child.waitFor();
                    killed++;
                }
                if ((cycle + 1) % 50 == 0) {
                    System.out.printf("SOAK progress: %d of %d cycles (killed %d, completed %d, busy %d)%n",
                            cycle + 1, cycles, killed, completed, busy);
                }
            }
            traffic.stop();

            Catalog catalog = Catalog.open(job.catalog());
            try (Storage storage = new Storage(job.output().warehouse())) {
                // How far the killed runs got: committed (published by them or by a later recovery) or aborted.
                Map<RunState, Long> childRuns = new java.util.TreeMap<>();
                for (RunRow r : catalog.runs().recent(job.name(), Integer.MAX_VALUE)) {
                    childRuns.merge(r.status(), 1L, Long::sum);
                }
                // The last killed run may still hold its lease: these runs' clock is past it.
                RunSummary last;
                do {
                    last = new LoadRun(job, catalog, storage, TestClocks.pastLease(LEASE), Faults.NONE, () -> false).run();
                } while (last.counts().recordsRead() > 0);

                long good = traffic.good();
                long malformed = traffic.malformed();
                ReadBack.Totals found = ReadBack.totals(catalog, Path.of(job.output().warehouse()), job.name());
                List<DeadLetterRow> deadLetters = catalog.deadLetters().committed(job.name());
                List<Finding> findings = new WarehouseAudit(catalog, storage).verify(job.name());
                long orphans = findings.stream().filter(f -> f.kind().equals(Finding.STRAY_FILE)).count()
                        + storage.listNames("_staging").size();
                long lost = good + malformed - found.rows() - deadLetters.size();
                long duplicated = found.rows() - found.distinctIds();
                System.out.printf("SOAK cycles=%d kill_window_ms=%d killed=%d completed=%d busy=%d child runs by status %s"
                                + " produced=%d (good %d, malformed %d) found=%d dead_letters=%d lost=%d duplicated=%d"
                                + " orphans=%d findings=%d seed=%d%n",
                        cycles, killWindow, killed, completed, busy, childRuns, good + malformed, good, malformed,
                        found.rows(), deadLetters.size(), lost, duplicated, orphans, findings.size(), seed);

                assertThat(lost).as("lost events").isZero();
                assertThat(duplicated).as("duplicated events").isZero();
                assertThat(found.rows()).isEqualTo(good);
                assertThat(found.idDigest()).as("the ids read back are the ids produced").isEqualTo(traffic.idDigest());
                assertThat(deadLetters).hasSize((int) malformed);
                assertThat(findings).isEmpty();
                assertThat(orphans).isZero();
                List<RunRow> unfinished = catalog.runs().recent(job.name(), Integer.MAX_VALUE).stream()
                        .filter(r -> r.status().equals(RunState.RUNNING) || r.status().equals(RunState.COMMITTED)).toList();
                assertThat(unfinished).as("every killed run was aborted or published by a later run").isEmpty();
                assertThat(completedRuns).as("every run that exited 0 is published").allSatisfy(id -> assertThat(
                        catalog.runs().find(id).orElseThrow().status()).isEqualTo(RunState.PUBLISHED));
            }
        }
    }

    /** The run id from a run's summary line: "run 20261124T232951Z-d7c22c of job soak: ...". */
    private static String runIdOf(String log) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("run (\\S+) of job soak: ").matcher(log);
        assertThat(m.find()).as("summary line in:\n" + log).isTrue();
        return m.group(1);
    }
}
