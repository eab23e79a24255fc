package org.activityloader.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.activityloader.catalog.Catalog;
import org.activityloader.commit.JobBusyException;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.Await;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.RemoteWarehouse;
import org.activityloader.write.Storage;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader on an {@code hdfs://} warehouse, against Hadoop's in-process HDFS (a name node and a
 * data node): a {@code loader run} in a child JVM halted after its commit (as kill -9 would) and
 * the next run that recovers and publishes it, a second load, a backfill of an hour, a compaction,
 * {@code verify}, {@code loader sql} and a report; every event in the live files exactly once, read
 * back through HDFS.
 */
class HdfsWarehouseIT {
    private static final Instant FIRST_HOUR = Instant.parse("2026-06-01T10:00:00Z");

    @Test
    void loadsRecoversBackfillsCompactsAndVerifiesOnHdfs(@TempDir Path dir) throws Exception {
        MiniDFSCluster hdfs = startHdfs(dir);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(List.of("clicks"), 2);
            TrafficGenerator generator = new TrafficGenerator(kafka.bootstrapServers(), 17);
            Traffic produced = generator.produce(3_000, FIRST_HOUR, 3, 100, List.of("click"));
            URI warehouse = URI.create(hdfs.getURI() + "/warehouse");
            JobSpec job = RemoteWarehouse.job("hdfs", kafka.bootstrapServers(), dir, warehouse).withLeaseTimeout(Duration.ofSeconds(2));
            try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(warehouse)) {
                assertThat(storage.rootUri().getScheme()).isEqualTo("hdfs");
                // A `loader run` in a child JVM (this class path: the shaded client) that halts, as kill -9 would, after its commit.
                Path jobFile = ChildLoader.writeJobFile(dir, job);
                Process killed = ChildLoader.start(dir.resolve("killed.log"), "AFTER_COMMIT_BEFORE_PUBLISH:halt", "run", jobFile.toString());
                assertThat(ChildLoader.await(killed, 180)).as(Files.readString(dir.resolve("killed.log"))).isEqualTo(137);
                RunSummary recovering = Await.await(() -> { // once the halted run's lease has expired
                    try {
                        return Optional.of(new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run());
                    } catch (JobBusyException leaseStillHeld) {
                        return Optional.empty();
                    }
                }, Duration.ofSeconds(60), "a run after the halted run's lease expired");
                assertThat(recovering.recovered()).as("the next run publishes the committed one").isNotEmpty();
                assertThat(RemoteWarehouse.rows(catalog, storage, job)).isEqualTo(produced.good());

                Traffic more = generator.produce(600, FIRST_HOUR, 3, 0, List.of("click"));
                // As an operator runs it: bin/loader with Hadoop's shaded client in a folder of its own.
                Path log = dir.resolve("launcher.log");
                ProcessBuilder bin = new ProcessBuilder(RemoteWarehouse.repoRoot().resolve("bin/loader").toString(), "run",
                        jobFile.toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).directory(dir.toFile());
                bin.environment().put("LOADER_BUILD", "never");
                bin.environment().put("LOADER_HADOOP_LIB", hadoopClient(dir.resolve("hadoop-client")).toString());
                Process launcher = bin.start();
                assertThat(launcher.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)).as("bin/loader run ended").isTrue();
                assertThat(launcher.exitValue()).as(Files.readString(log)).isZero();
                long good = produced.good() + more.good();
                assertThat(RemoteWarehouse.rows(catalog, storage, job)).isEqualTo(good);

                RemoteWarehouse.backfillCompactVerifyAndReport(job, catalog, storage, FIRST_HOUR, good);
            }
        } finally {
            hdfs.shutdown();
        }
    }

    /**
     * The same events loaded into HDFS and into a local folder, one after the other: a figure printed,
     * never asserted (one data node on the same two cores: it shows what HDFS costs, not its speed).
     */
    @Test
    void printsWhatAnHdfsWarehouseCostsBesideALocalOne(@TempDir Path dir) throws Exception {
        MiniDFSCluster hdfs = startHdfs(dir);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(List.of("clicks"), 4);
            long events = Long.getLong("hdfs.bench.events", 20_000);
            new TrafficGenerator(kafka.bootstrapServers(), 3).withoutIds().produce(events, FIRST_HOUR, 6, 0, List.of("click"));
            eventsPerSecond(kafka, dir.resolve("warm-up"), dir.resolve("warm-up/warehouse").toUri()); // the JIT's first pass, not timed
            double remote = eventsPerSecond(kafka, dir.resolve("remote"), URI.create(hdfs.getURI() + "/warehouse"));
            double local = eventsPerSecond(kafka, dir.resolve("local"), dir.resolve("local/warehouse").toUri());
            System.out.printf("HDFS bench: %,d events: a local folder %,.0f events/s, HDFS (mini cluster, one data node) %,.0f"
                    + " events/s (%.2fx)%n", events, local, remote, remote / local);
            assertThat(remote).isPositive();
        } finally {
            hdfs.shutdown();
        }
    }

    private static double eventsPerSecond(EmbeddedKafka kafka, Path dir, URI warehouse) throws Exception {
        JobSpec job = RemoteWarehouse.job("bench", kafka.bootstrapServers(), dir, warehouse);
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(warehouse)) {
            long t0 = System.nanoTime();
            RunSummary s = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            return s.counts().recordsWritten() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** A name node and a data node in this JVM, their storage under {@code dir}. */
    private static MiniDFSCluster startHdfs(Path dir) throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        return new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    }

    /** A folder with Hadoop's shaded client jars, as an operator makes one: those of this test's class path. */
    private static Path hadoopClient(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("hadoop-client-api-") || name.startsWith("hadoop-client-runtime-")) {
                Files.copy(Path.of(entry), folder.resolve(name));
            }
        }
        assertThat(folder.toFile().list()).as("the client's two jars").hasSize(2);
        return folder;
    }
}
