package org.activityloader.schedule;

import static org.activityloader.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
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
 * Three {@code loader schedule} nodes on one PostgreSQL catalog and one broker load one job of
 * {@code shards: 3} from a topic of 12 partitions while traffic keeps coming: the shards run on
 * several nodes at once; after {@code kill -9} of a node, the survivors take its shard once its
 * lease has expired; in the end every event is loaded exactly once and {@code verify} is clean.
 */
@Tag("postgres")
class ShardedScheduleIT {
    private static final Pattern RUN = Pattern.compile("job sharded shard (\\d)/3: run (\\S+) of job sharded:");
    private static final Duration LEASE = Duration.ofSeconds(3);

    @Test
    void threeNodesShareTheShardsAndTheSurvivorsTakeOverAKilledNodesShard(@TempDir Path dir) throws Exception {
        CatalogSpec postgres = TestCatalogs.freshPostgres();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(List.of("clicks"), 12);
            JobSpec job = TestJobs.job("sharded", kafka.bootstrapServers(), dir.resolve("warehouse"), postgres, List.of("click"))
                    .withTopics(List.of(new TopicBinding("clicks", "click"))).withShards(3)
                    .withSchedule("*/2 * * * * ?").withLeaseTimeout(LEASE);
            Path jobs = Files.createDirectories(dir.resolve("jobs"));
            ChildLoader.writeJobFile(jobs, job);
            Catalog catalog = Catalog.open(postgres);

            ContinuousTraffic traffic = ContinuousTraffic.start(new TrafficGenerator(kafka.bootstrapServers(), 9), 600,
                    Instant.parse("2026-11-03T00:00:00Z"), 3, 0, List.of("click"), Duration.ofMillis(200));

            List<Path> logs = List.of(dir.resolve("a.log"), dir.resolve("b.log"), dir.resolve("c.log"));
            String[] args = {"schedule", "--jobs-dir", jobs.toString(), "--listen", "none", "--cluster-checkin", "1s",
                "--misfire-threshold", "5s"};
            List<Process> nodes = new ArrayList<>();
            try {
                for (Path log : logs) {
                    nodes.add(ChildLoader.start(log, null, args));
                }
                for (Path log : logs) {
                    ChildLoader.awaitLog(log, "clustered on the PostgreSQL catalog", 90);
                }
                await(() -> shardsRun(logs, Map.of()).size() == 3 && published(catalog) >= 6, Duration.ofSeconds(120),
                        "every shard loaded, six published runs");
                assertThat(nodesThatRan(logs, Map.of())).as("the shards run on several nodes").isGreaterThan(1);

                // Kill the node that loaded most: the survivors must take its shard after its lease expires.
                int victim = busiest(logs);
                new ProcessBuilder("kill", "-KILL", String.valueOf(nodes.get(victim).pid())).start().waitFor();
                nodes.get(victim).waitFor();
                Map<Path, Long> seen = new java.util.HashMap<>();
                for (Path log : logs) {
                    seen.put(log, Files.size(log));
                }
                List<Path> survivors = logs.stream().filter(l -> !l.equals(logs.get(victim))).toList();
                await(() -> shardsRun(survivors, seen).size() == 3, Duration.ofSeconds(90), "all three shards loaded by the survivors");
                for (int i = 0; i < nodes.size(); i++) {
                    if (i != victim) {
                        nodes.get(i).destroy();
                        assertThat(ChildLoader.await(nodes.get(i), 60)).as("a survivor stops cleanly; log:\n"
                                + Files.readString(logs.get(i))).isZero();
                    }
                }
            } finally {
                nodes.forEach(Process::destroyForcibly);
                traffic.stop();
            }

            Set<String> runIds = new HashSet<>();
            for (Path log : logs) {
                Matcher m = RUN.matcher(Files.readString(log));
                while (m.find()) {
                    assertThat(runIds.add(m.group(2))).as("each run on one node only").isTrue();
                }
            }
            try (Storage storage = new Storage(job.output().warehouse())) {
                RunSummary last;
                do { // the rest, past a lease the victim may have died holding
                    last = new LoadRun(job, catalog, storage, TestClocks.pastLease(LEASE), Faults.NONE, () -> false).run();
                } while (last.counts().recordsRead() > 0);
                ReadBack.Totals found = ReadBack.totals(catalog, dir.resolve("warehouse"), "sharded");
                assertThat(found.rows()).isEqualTo(traffic.good());
                assertThat(found.distinctIds()).isEqualTo(traffic.good());
                assertThat(found.idDigest()).isEqualTo(traffic.idDigest());
                assertThat(new WarehouseAudit(catalog, storage).verify("sharded")).isEmpty();
                assertThat(catalog.runs().recent("sharded", 1000)).extracting(RunRow::status)
                        .doesNotContain(RunState.RUNNING, RunState.COMMITTED);
            }
        } finally {
            TestCatalogs.dropPostgres(postgres);
        }
    }

    private static long published(Catalog catalog) {
        return catalog.runs().recent("sharded", 1000).stream().filter(r -> r.status() == RunState.PUBLISHED).count();
    }

    /** The shards that ran in the logs, past the sizes already seen. */
    private static Set<String> shardsRun(List<Path> logs, Map<Path, Long> from) throws Exception {
        Set<String> shards = new HashSet<>();
        for (Path log : logs) {
            Matcher m = RUN.matcher(tail(log, from.getOrDefault(log, 0L)));
            while (m.find()) {
                shards.add(m.group(1));
            }
        }
        return shards;
    }

    private static long nodesThatRan(List<Path> logs, Map<Path, Long> from) throws Exception {
        long n = 0;
        for (Path log : logs) {
            n += RUN.matcher(tail(log, from.getOrDefault(log, 0L))).find() ? 1 : 0;
        }
        return n;
    }

    private static int busiest(List<Path> logs) throws Exception {
        Map<Long, Integer> byRuns = new TreeMap<>();
        for (int i = 0; i < logs.size(); i++) {
            byRuns.put(RUN.matcher(Files.readString(logs.get(i))).results().count() * 10 + i, i);
        }
        return ((TreeMap<Long, Integer>) byRuns).lastEntry().getValue();
    }

    private static String tail(Path log, long from) throws Exception {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), java.nio.charset.StandardCharsets.UTF_8);
    }
}
